package dev.offlineaccess.config;

import java.util.Objects;

/**
 * Everything the adapter was configured with, validated. Built once at start by {@link SettingsLoader}.
 * Immutable and thread-safe; no component is {@code null}.
 */
public record OidcSettings(ClientSettings client, LoginSettings login, LogoutSettings logout,
                           BearerSettings bearer, HttpSettings http, StoreSettings store) {
    public OidcSettings {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(logout, "logout");
        Objects.requireNonNull(bearer, "bearer");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(store, "store");
    }
}
