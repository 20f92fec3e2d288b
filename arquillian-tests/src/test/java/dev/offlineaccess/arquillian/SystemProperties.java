package dev.offlineaccess.arquillian;

import java.util.HashMap;
import java.util.Map;

/**
 * System properties set for a while, with their previous values kept so that {@link #restore()} puts them back
 * (or clears them when they were unset). Not thread-safe: set and restored by one test class's callbacks.
 */
final class SystemProperties {
    private final Map<String, String> previous;

    private SystemProperties(Map<String, String> previous) {
        this.previous = previous;
    }

    /** Sets every entry and remembers what was there before. */
    static SystemProperties set(Map<String, String> values) {
        Map<String, String> previous = new HashMap<>();
        values.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        return new SystemProperties(previous);
    }

    void restore() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
