package dev.offlineaccess.config;

import java.util.Objects;

/**
 * A configured secret (client secret, database password, encryption key). Its {@link #toString()} never shows the
 * value, so a secret can sit in a record that gets logged.
 *
 * @param value the secret, never {@code null} or empty
 */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
