package dev.offlineaccess.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, immutable, serializable copies of JSON claim values, and a reader for dotted claim paths. Stateless. */
final class ClaimValues {
    private ClaimValues() {
    }

    /**
     * A deep copy of {@code claims} whose maps and lists are unmodifiable and serializable; values other than maps,
     * collections, strings, numbers and booleans are kept as their string form.
     */
    static Map<String, Object> freeze(Map<String, ?> claims) {
        Map<String, Object> copy = new LinkedHashMap<>();
        claims.forEach((name, value) -> copy.put(name, freezeValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return freeze((Map<String, ?>) map);
        }
        if (value instanceof Collection<?> values) {
            List<Object> copy = new ArrayList<>(values.size());
            values.forEach(v -> copy.add(freezeValue(v)));
            return Collections.unmodifiableList(copy);
        }
        return value.toString();
    }

    /**
     * The value at a dotted path such as {@code resource_access.portal.roles}, or {@code null}. A segment
     * {@code ${client_id}} stands for {@code clientId}. Names that contain dots themselves (a client id such as
     * {@code my.app}) are found too: at each level the longest run of segments that names a member wins.
     */
    static Object at(Map<String, Object> claims, String path, String clientId) {
        String[] segments = path.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            if ("${client_id}".equals(segments[i])) {
                segments[i] = clientId;
            }
        }
        return walk(claims, segments, 0);
    }

    private static Object walk(Object current, String[] segments, int from) {
        if (from == segments.length) {
            return current;
        }
        if (!(current instanceof Map<?, ?> map)) {
            return null;
        }
        for (int to = segments.length; to > from; to--) {
            String name = String.join(".", java.util.Arrays.copyOfRange(segments, from, to));
            if (map.containsKey(name)) {
                Object found = walk(map.get(name), segments, to);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
