package dev.offlineaccess.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep-immutable copies of JSON claim values and small readers over them. Stateless; JSON {@code null} values are
 * kept as {@code null}.
 */
final class Claims {
    private Claims() {
    }

    /** A deep-immutable copy of a JSON object: nested objects and arrays become unmodifiable too. */
    static Map<String, Object> freeze(Map<String, ?> json) {
        Map<String, Object> copy = new LinkedHashMap<>();
        json.forEach((name, value) -> copy.put(name, freezeValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freeze((Map<String, ?>) map);
        }
        if (value instanceof Collection<?> values) {
            List<Object> copy = new ArrayList<>(values.size());
            values.forEach(v -> copy.add(freezeValue(v)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return freezeValue(List.of(array));
        }
        return value;
    }

    /** A string claim, or {@code null} when absent or not a string. */
    static String string(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String s ? s : null;
    }

    /** A claim that may be one string or an array of strings ({@code aud}), as a list; empty when absent. */
    static List<String> stringList(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Collection<?> values) {
            List<String> out = new ArrayList<>();
            for (Object v : values) {
                if (v instanceof String s) {
                    out.add(s);
                }
            }
            return List.copyOf(out);
        }
        return List.of();
    }

    /** A space-separated scope string as a set; empty when {@code null} or blank. */
    static java.util.Set<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(List.of(scope.trim().split("\\s+")));
    }
}
