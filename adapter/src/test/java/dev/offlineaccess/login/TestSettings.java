package dev.offlineaccess.login;

import dev.offlineaccess.config.BearerSettings;
import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.LoginSettings;
import dev.offlineaccess.config.LogoutSettings;
import dev.offlineaccess.config.OfflineAccessMode;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Builders for settings used by the login, session and servlet tests. */
public final class TestSettings {
    private TestSettings() {
    }

    /** A whole configuration for {@code issuer} and {@code clientId}, on-demand offline access. */
    public static OidcSettings settings(URI issuer, String clientId, String secret) {
        return settings(issuer, clientId, secret, login(), new LogoutSettings(null, "/", null),
                new BearerSettings(false, List.of("/api/*"), null, Duration.ofSeconds(30)));
    }

    public static OidcSettings settings(URI issuer, String clientId, String secret, LoginSettings login,
                                        LogoutSettings logout, BearerSettings bearer) {
        return new OidcSettings(new ClientSettings(issuer, clientId, secret == null ? null : new Secret(secret)),
                login, logout, bearer,
                new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                new StoreSettings(null, null, null, Path.of("target/test-db/tokens"), List.of(), true,
                        Path.of("target/test-db/dev-key"),
                        new StoreSettings.KeepAliveSettings(false, Duration.ofDays(30), 2.0 / 3, Duration.ofHours(1))));
    }

    public static LoginSettings login() {
        return login(OfflineAccessMode.ON_DEMAND, true);
    }

    public static LoginSettings login(OfflineAccessMode mode, boolean promptConsent) {
        return new LoginSettings(List.of("openid", "profile", "email"), null, mode, promptConsent,
                "preferred_username",
                List.of("realm_access.roles", "resource_access.${client_id}.roles", "roles"),
                Set.of("RS256"), 3, "external");
    }
}
