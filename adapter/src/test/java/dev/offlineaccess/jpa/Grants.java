package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.SealedToken;
import dev.offlineaccess.tokens.StoredGrant;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Test fixtures: grants, keys and store settings. */
final class Grants {
    static final String ISSUER = "https://sso.example.test/realms/portal";
    static final String CLIENT = "customer-portal";
    static final Instant T0 = Instant.parse("2026-11-01T10:15:30.123Z");

    private Grants() {
    }

    static GrantKey key(String subject) {
        return new GrantKey(ISSUER, CLIENT, subject);
    }

    /** A sealed token whose ciphertext is recognisable; the store only ever sees such values. */
    static SealedToken sealed(String keyId, String marker) {
        return new SealedToken(keyId, "AAEC" + marker + "/+sealed=");
    }

    /** An active grant with only the required fields. */
    static StoredGrant grant(String subject, String principal, Instant created) {
        return new StoredGrant(key(subject), principal, sealed("k1", "rt-" + subject), null, null,
                Set.of("openid", "offline_access"), created, null, null, null, GrantStatus.ACTIVE, null, null, null,
                0);
    }

    /** A grant with every field set, instants with sub-millisecond parts. */
    static StoredGrant full(String subject, String principal) {
        return new StoredGrant(key(subject), principal, sealed("k2", "rt-" + subject), sealed("k2", "at-" + subject),
                T0.plusSeconds(300).plusNanos(456_789), Set.of("openid", "offline_access", "profile", "email"),
                T0.plusNanos(999_999), T0.plusSeconds(60), T0.plusSeconds(120), T0.plus(Duration.ofDays(30)),
                GrantStatus.REVOKED, "invalid_grant", "Offline user session not found", T0.plusSeconds(180), 0);
    }

    static StoredGrant withPrincipal(StoredGrant g, String principal) {
        return new StoredGrant(g.key(), principal, g.refreshToken(), g.accessToken(), g.accessTokenExpiresAt(),
                g.scopes(), g.created(), g.lastRefreshed(), g.lastUsed(), g.expiresAt(), g.status(),
                g.revokedError(), g.revokedReason(), g.revokedAt(), g.version());
    }

    static StoredGrant refreshed(StoredGrant g, SealedToken refreshToken, Instant at) {
        return new StoredGrant(g.key(), g.principal(), refreshToken, g.accessToken(), g.accessTokenExpiresAt(),
                g.scopes(), g.created(), at, g.lastUsed(), g.expiresAt(), g.status(), g.revokedError(),
                g.revokedReason(), g.revokedAt(), g.version());
    }

    static StoredGrant revoked(StoredGrant g, Instant at) {
        return new StoredGrant(g.key(), g.principal(), g.refreshToken(), g.accessToken(), g.accessTokenExpiresAt(),
                g.scopes(), g.created(), g.lastRefreshed(), g.lastUsed(), g.expiresAt(), GrantStatus.REVOKED,
                "invalid_grant", "Token is not active", at, g.version());
    }

    /** Settings for a JDBC URL, or for the H2 file when {@code jdbcUrl} is {@code null}. */
    static StoreSettings settings(String jdbcUrl, String user, Path h2File) {
        return new StoreSettings(jdbcUrl, user, null, h2File, List.of(), true, h2File.resolveSibling("dev.key"),
                new StoreSettings.KeepAliveSettings(false, Duration.ofDays(30), 2.0 / 3, Duration.ofHours(1)));
    }
}
