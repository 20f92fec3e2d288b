package dev.offlineaccess.tokens;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the token store, as the store port exchanges it. Tokens are sealed; the store never sees a plain
 * token. Immutable; {@code with...} methods return changed copies.
 *
 * @param key                  the grant
 * @param principal            the application's user name
 * @param refreshToken         the sealed offline token
 * @param accessToken          the sealed latest access token, or {@code null}; shared by all nodes so that one
 *                             refresh per expiry window suffices
 * @param accessTokenExpiresAt its expiry, or {@code null}
 * @param scopes               granted scopes
 * @param created              when first stored
 * @param lastRefreshed        last successful refresh, or {@code null}
 * @param lastUsed             last time an access token was handed out from the store, or {@code null}
 * @param expiresAt            refresh-token expiry when the provider says, else {@code null}
 * @param status               active or revoked
 * @param revokedError         error code when revoked, else {@code null}
 * @param revokedReason        error description when revoked, else {@code null}
 * @param revokedAt            when marked revoked, else {@code null}
 * @param version              optimistic-lock version; 0 for a row not yet written
 */
public record StoredGrant(GrantKey key, String principal, SealedToken refreshToken, SealedToken accessToken,
                          Instant accessTokenExpiresAt, Set<String> scopes, Instant created, Instant lastRefreshed,
                          Instant lastUsed, Instant expiresAt, GrantStatus status, String revokedError,
                          String revokedReason, Instant revokedAt, long version) {
    public StoredGrant {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(status, "status");
        scopes = Set.copyOf(scopes);
    }

    /** The metadata, without tokens. */
    public GrantInfo info() {
        return new GrantInfo(key, principal, scopes, created, lastRefreshed, lastUsed, expiresAt, status,
                revokedError, revokedReason, revokedAt);
    }
}
