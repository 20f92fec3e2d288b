package dev.offlineaccess.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One JSON object of the configuration file with typed, placeholder-expanding getters. Every getter marks its key
 * as read, so that what remains unread at the end is what the loader did not understand. A JSON {@code null} and
 * a string that is empty after expansion count as absent. Type errors name the full key path ({@code store.user})
 * and never show the value, which may be a secret.
 *
 * <p>Not thread-safe: used by one loader call.
 */
final class ConfigObject {
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[\\s,]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String path;
    private final Map<String, ?> values;
    private final PlaceholderResolver placeholders;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigObject(String path, Map<String, ?> values, PlaceholderResolver placeholders) {
        this.path = path;
        this.values = values;
        this.placeholders = placeholders;
    }

    /** The full name of a key of this object, e.g. {@code store.keep-alive.enabled}. */
    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the key is present with a non-null value (does not mark it read). */
    boolean has(String name) {
        return values.get(name) != null;
    }

    /** Marks a key as consumed without reading it (known keys the adapter has no use for). */
    void markRead(String name) {
        read.add(name);
    }

    /** The keys present in the file and not read by anyone, in file order. */
    List<String> unread() {
        List<String> unread = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                unread.add(name);
            }
        }
        return unread;
    }

    Optional<String> string(String name) {
        Object raw = raw(name);
        if (raw == null) {
            return Optional.empty();
        }
        if (raw instanceof Map || raw instanceof List) {
            throw new ConfigurationException(key(name), "must be a single value, not an object or array",
                    "write it as a JSON string");
        }
        String value = raw instanceof String text ? placeholders.resolve(key(name), text) : raw.toString();
        return value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    Optional<Secret> secret(String name) {
        return string(name).map(Secret::new);
    }

    Optional<Boolean> bool(String name) {
        Object raw = raw(name);
        if (raw instanceof Boolean flag) {
            return Optional.of(flag);
        }
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(Boolean.TRUE);
            case "false" -> Optional.of(Boolean.FALSE);
            default -> throw new ConfigurationException(key(name), "must be a boolean",
                    "write true or false (a placeholder may expand to \"true\" or \"false\")");
        };
    }

    Optional<Long> integer(String name) {
        Optional<String> text = string(name);
        try {
            return text.map(Long::valueOf);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key(name), "must be a whole number", "write a number such as 10");
        }
    }

    Optional<Double> decimal(String name) {
        Optional<String> text = string(name);
        try {
            return text.map(Double::valueOf);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key(name), "must be a number", "write a number such as 0.5");
        }
    }

    Optional<Duration> duration(String name) {
        Object raw = raw(name);
        if (raw instanceof Number number) {
            return Optional.of(Durations.parse(key(name), number));
        }
        return string(name).map(text -> Durations.parse(key(name), text));
    }

    /** A list from a JSON array of strings, or from one string split at whitespace and commas. */
    Optional<List<String>> list(String name) {
        return list(name, LIST_SEPARATORS);
    }

    /** A list from a JSON array of strings, or from one string split at whitespace only (OAuth scopes). */
    Optional<List<String>> spaceSeparatedList(String name) {
        return list(name, WHITESPACE);
    }

    Optional<ConfigObject> object(String name) {
        Object raw = raw(name);
        if (raw == null) {
            return Optional.empty();
        }
        if (!(raw instanceof Map<?, ?> map)) {
            throw new ConfigurationException(key(name), "must be a JSON object", "write it as { ... }");
        }
        return Optional.of(new ConfigObject(key(name), stringKeys(map), placeholders));
    }

    /** A JSON array of objects; each element is named {@code key[index]}. */
    Optional<List<ConfigObject>> objects(String name) {
        Object raw = raw(name);
        if (raw == null) {
            return Optional.empty();
        }
        if (!(raw instanceof List<?> items)) {
            throw new ConfigurationException(key(name), "must be a JSON array of objects", "write it as [ { ... } ]");
        }
        List<ConfigObject> objects = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemKey = key(name) + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> map)) {
                throw new ConfigurationException(itemKey, "must be a JSON object", "write it as { ... }");
            }
            objects.add(new ConfigObject(itemKey, stringKeys(map), placeholders));
        }
        return Optional.of(objects);
    }

    private Optional<List<String>> list(String name, Pattern separators) {
        Object raw = raw(name);
        if (raw == null) {
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        if (raw instanceof List<?> array) {
            for (int i = 0; i < array.size(); i++) {
                Object item = array.get(i);
                String itemKey = key(name) + "[" + i + "]";
                if (item instanceof Map || item instanceof List || item == null) {
                    throw new ConfigurationException(itemKey, "must be a string", "write a JSON array of strings");
                }
                String value = item instanceof String text ? placeholders.resolve(itemKey, text) : item.toString();
                addSplit(items, value, separators);
            }
        } else {
            string(name).ifPresent(text -> addSplit(items, text, separators));
        }
        return Optional.of(List.copyOf(items));
    }

    private static void addSplit(List<String> items, String value, Pattern separators) {
        for (String part : separators.split(value.trim())) {
            if (!part.isEmpty()) {
                items.add(part);
            }
        }
    }

    private Object raw(String name) {
        read.add(name);
        return values.get(name);
    }

    private static Map<String, ?> stringKeys(Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, ?> typed = (Map<String, ?>) map;
        return typed;
    }
}
