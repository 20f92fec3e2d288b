package dev.offlineaccess.bearer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.offlineaccess.config.BearerSettings;
import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.LoginSettings;
import dev.offlineaccess.config.LogoutSettings;
import dev.offlineaccess.config.OfflineAccessMode;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings;

/** Settings for the bearer tests. */
final class TestSettings {
    private TestSettings() {
    }

    static OidcSettings settings(String audience) {
        return settings(URI.create("http://127.0.0.1:1/realms/test"), "customer-portal", null, audience);
    }

    static OidcSettings settings(URI issuer, String clientId, String secret, String audience) {
        return settings(new ClientSettings(issuer, clientId, secret == null ? null : new Secret(secret)), audience);
    }

    static OidcSettings settings(ClientSettings client, String audience) {
        return settings(client, audience, BearerSettings.DEFAULT_JWT_CACHE_SIZE);
    }

    static OidcSettings settings(ClientSettings client, String audience, int jwtCacheSize) {
        LoginSettings login = new LoginSettings(List.of("openid"), null, OfflineAccessMode.ON_DEMAND, false,
                "preferred_username", List.of("realm_access.roles", "resource_access.${client_id}.roles"),
                Set.of("RS256"), 5, "none");
        BearerSettings bearer = new BearerSettings(false, List.of("/api/*"), audience, Duration.ofSeconds(30),
                jwtCacheSize);
        HttpSettings http = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10));
        StoreSettings store = new StoreSettings(null, null, null, Path.of("target/unused-bearer-store"), List.of(),
                true, null, new StoreSettings.KeepAliveSettings(false, Duration.ofDays(30), 0.5, Duration.ofHours(1)));
        return new OidcSettings(client, login, new LogoutSettings(null, null, null), bearer, http, store);
    }
}
