package dev.offlineaccess.config;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@link SettingsLoader}: the validated settings and the warnings loading produced (unknown keys,
 * ignored {@code keycloak.json} keys, development mode, ...). The caller logs each warning once at start. A warning
 * starts with a stable id in brackets, e.g. {@code [oidc-config.unknown-key]}, and never contains a secret.
 * Immutable and thread-safe; no component is {@code null}.
 *
 * @param settings the settings
 * @param warnings the warnings, in the order they were found; empty when there is nothing to say
 */
public record LoadedSettings(OidcSettings settings, List<String> warnings) {
    public LoadedSettings {
        Objects.requireNonNull(settings, "settings");
        warnings = List.copyOf(warnings);
    }
}
