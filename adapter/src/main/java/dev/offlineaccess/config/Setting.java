package dev.offlineaccess.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A configured value and the key (or environment variable) it came from, so that a later validation error names
 * the place the operator has to fix. Immutable; neither component is {@code null}.
 *
 * @param key   the file key ({@code resource}, {@code store.password}) or environment variable ({@code OIDC_ISSUER})
 * @param value the value
 * @param <T>   the value's type
 */
record Setting<T>(String key, T value) {
    Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    static <T> Optional<Setting<T>> of(String key, Optional<T> value) {
        return value.map(v -> new Setting<>(key, v));
    }

    /**
     * The value of a key that has a {@code keycloak.json} alias. Both may be given only with equal values.
     *
     * @param secret whether the values are secrets (then the conflict message does not show them)
     */
    static <T> Optional<Setting<T>> either(String key, Optional<T> value, String aliasKey, Optional<T> aliasValue,
                                           boolean secret) {
        if (value.isPresent() && aliasValue.isPresent() && !value.get().equals(aliasValue.get())) {
            String shown = secret ? "" : " ('" + value.get() + "' and '" + aliasValue.get() + "')";
            throw new ConfigurationException(key, "conflicts with '" + aliasKey + "', which has a different value"
                    + shown, "keep only one of '" + key + "' and '" + aliasKey + "'");
        }
        return value.isPresent() ? of(key, value) : of(aliasKey, aliasValue);
    }

    /** An environment override beats the file. */
    static Optional<Setting<String>> overridden(LoadContext context, String variable,
                                                Optional<Setting<String>> fromFile) {
        Optional<String> override = context.override(variable);
        return override.isPresent() ? of(variable, override) : fromFile;
    }
}
