package dev.offlineaccess.provider;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that reads JSON claims: deep-immutable copies, dotted claim paths, roles. Used by the provider,
 * the session (ID token, UserInfo) and bearer validation (access tokens, introspection), so a role path means the
 * same thing everywhere. Stateless and thread-safe; no argument may be {@code null} unless stated.
 */
public final class Claims {
    /** A path segment standing for this client's id, e.g. {@code resource_access.${client_id}.roles}. */
    public static final String CLIENT_ID_PLACEHOLDER = "${client_id}";
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private Claims() {
    }

    /**
     * A deep-immutable, serializable copy of a JSON object: nested objects and arrays become unmodifiable, a
     * {@link Date} (as nimbus keeps {@code exp}) becomes epoch seconds, strings, numbers, booleans and JSON
     * {@code null} stay as they are, anything else becomes its string form.
     */
    public static Map<String, Object> freeze(Map<String, ?> json) {
        if (json instanceof Frozen frozen) {
            return frozen;   // made here, deep-immutable already: a bearer check passed the same claims on 3 times
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        json.forEach((name, value) -> copy.put(String.valueOf(name), freezeValue(value)));
        return new Frozen(copy);
    }

    /** A JSON object made by {@link #freeze}: deep-immutable, so freezing it again returns it as it is. */
    private static final class Frozen extends AbstractMap<String, Object> implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Map<String, Object> members;

        Frozen(Map<String, Object> copy) {
            this.members = Collections.unmodifiableMap(copy);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return members.entrySet();
        }

        @Override
        public Object get(Object key) {
            return members.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return members.containsKey(key);
        }

        @Override
        public int size() {
            return members.size();
        }
    }

    private static Object freezeValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Frozen frozen) {
            return frozen;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((name, v) -> copy.put(String.valueOf(name), freezeValue(v)));
            return new Frozen(copy);
        }
        if (value instanceof Collection<?> values) {
            List<Object> copy = new ArrayList<>(values.size());
            values.forEach(v -> copy.add(freezeValue(v)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return freezeValue(Arrays.asList(array));
        }
        if (value instanceof Date date) {
            return date.getTime() / 1000;
        }
        return value.toString();
    }

    /**
     * The value at a dotted path such as {@code realm_access.roles}; empty when a step is missing, JSON
     * {@code null} or not an object. A segment {@value #CLIENT_ID_PLACEHOLDER} stands for {@code clientId}. Names
     * that contain dots themselves (a client id {@code my.app}, a claim {@code https://example.com/roles}) are found
     * too: at each level the longest run of segments that names a member wins.
     */
    public static Optional<Object> at(Map<String, ?> claims, String path, String clientId) {
        String[] segments = path.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            if (CLIENT_ID_PLACEHOLDER.equals(segments[i])) {
                segments[i] = clientId;
            }
        }
        return Optional.ofNullable(walk(claims, segments, 0));
    }

    private static Object walk(Object current, String[] segments, int from) {
        if (from == segments.length) {
            return current;
        }
        if (!(current instanceof Map<?, ?> map)) {
            return null;
        }
        for (int to = segments.length; to > from; to--) {
            Object child = map.get(String.join(".", Arrays.copyOfRange(segments, from, to)));
            if (child != null) {
                Object found = walk(child, segments, to);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Every non-blank string found at the given paths, in the order found: a string value is one role, an array
     * contributes its strings, anything else is ignored.
     */
    public static Set<String> roles(Map<String, ?> claims, List<String> paths, String clientId) {
        Set<String> roles = new LinkedHashSet<>();
        for (String path : paths) {
            Object value = at(claims, path, clientId).orElse(null);
            if (value instanceof String role && !role.isBlank()) {
                roles.add(role);
            } else if (value instanceof Collection<?> values) {
                values.stream().filter(String.class::isInstance).map(String.class::cast)
                        .filter(role -> !role.isBlank()).forEach(roles::add);
            }
        }
        return Collections.unmodifiableSet(roles);
    }

    /** A string claim, or {@code null} when absent or not a string. */
    public static String string(Map<String, ?> claims, String name) {
        return claims.get(name) instanceof String s ? s : null;
    }

    /** A claim that may be one string or an array of strings ({@code aud}), as a list; empty when absent. */
    public static List<String> stringList(Map<String, ?> claims, String name) {
        Object value = claims.get(name);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** A space-separated scope string as a set; empty when {@code null} or blank. */
    public static Set<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        return Set.copyOf(List.of(WHITESPACE.split(scope.trim())));
    }
}
