package dev.offlineaccess.bearer;

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
 * Reads values out of a JSON claims map by dotted path, as in {@code realm_access.roles} or
 * {@code resource_access.${client_id}.roles}. {@code ${client_id}} stands for the client id as one path segment (so a
 * client id may contain dots). A claim name that itself contains dots ({@code https://example.com/roles}) is found
 * too: at every level the longest run of segments that names a key wins. Stateless.
 */
final class ClaimPaths {
    static final String CLIENT_ID_PLACEHOLDER = "${client_id}";

    private ClaimPaths() {
    }

    /** The value at {@code path}, or empty when some step is missing, JSON {@code null} or not an object. */
    static Optional<Object> resolve(Map<String, ?> claims, String path, String clientId) {
        String[] segments = path.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals(CLIENT_ID_PLACEHOLDER)) {
                segments[i] = clientId;
            }
        }
        return resolve(claims, Arrays.asList(segments));
    }

    private static Optional<Object> resolve(Map<String, ?> node, List<String> segments) {
        for (int take = segments.size(); take >= 1; take--) {
            String key = String.join(".", segments.subList(0, take));
            Object value = node.get(key);
            if (value == null) {
                continue;
            }
            if (take == segments.size()) {
                return Optional.of(value);
            }
            if (value instanceof Map<?, ?> child) {
                Optional<Object> found = resolve(asStringMap(child), segments.subList(take, segments.size()));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every non-blank string found at the given paths: a string value is one role, an array contributes its strings,
     * anything else is ignored. (The same rules as the session's role mapping, which bearer must not import.)
     */
    static Set<String> roles(Map<String, ?> claims, List<String> paths, String clientId) {
        Set<String> roles = new LinkedHashSet<>();
        for (String path : paths) {
            Object value = resolve(claims, path, clientId).orElse(null);
            if (value instanceof String role && !role.isBlank()) {
                roles.add(role);
            } else if (value instanceof Collection<?> values) {
                values.stream().filter(String.class::isInstance).map(String.class::cast)
                        .filter(role -> !role.isBlank()).forEach(roles::add);
            }
        }
        return Collections.unmodifiableSet(roles);
    }

    /** A top-level string claim that is not blank. */
    static Optional<String> string(Map<String, ?> claims, String name) {
        return claims.get(name) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /** A non-blank string at a claim name or dotted path (the principal claim may be nested). */
    static Optional<String> stringAt(Map<String, ?> claims, String path, String clientId) {
        return resolve(claims, path, clientId).filter(String.class::isInstance).map(String.class::cast)
                .filter(s -> !s.isBlank());
    }

    /** A claim that is one string or an array of strings ({@code aud}) as a list; empty when absent. */
    static List<String> strings(Map<String, ?> claims, String name) {
        Object value = claims.get(name);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** The {@code scope} claim split on spaces; an array ({@code scp}-style) is accepted too. */
    static Set<String> scopes(Map<String, ?> claims) {
        Object value = claims.get("scope");
        if (value instanceof String s) {
            return s.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(s.trim().split(" +")));
        }
        return Set.copyOf(strings(claims, "scope"));
    }

    /**
     * A deep-immutable copy of a JSON object. Objects and arrays become unmodifiable, a {@link Date} (as nimbus
     * keeps {@code exp}) becomes epoch seconds, JSON {@code null} stays {@code null}.
     */
    static Map<String, Object> freeze(Map<String, ?> json) {
        Map<String, Object> copy = new LinkedHashMap<>();
        json.forEach((name, value) -> copy.put(name, freezeValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freeze(asStringMap(map));
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
        return value;
    }

    private static Map<String, ?> asStringMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
