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
     * {@code ${client_id}} stands for {@code clientId}, so a client id containing dots still works.
     */
    static Object at(Map<String, Object> claims, String path, String clientId) {
        Object current = claims;
        for (String segment : path.split("\\.")) {
            String name = "${client_id}".equals(segment) ? clientId : segment;
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(name);
        }
        return current;
    }
}
