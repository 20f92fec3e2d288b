package dev.offlineaccess.tokens;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What is known about a stored grant, without the token: for "this app may act for you since ..." pages and admin
 * lists. Immutable.
 *
 * @param key               the grant
 * @param principal         the application's user name for it (the configured principal claim)
 * @param scopes            the granted scopes
 * @param created           when the grant was stored
 * @param lastRefreshed     when the stored token was last exchanged at the provider, or {@code null}
 * @param lastUsed          when a background task last obtained an access token through it, or {@code null}
 * @param expiresAt         when the stored token expires, or {@code null} when the provider does not say
 * @param status            active or revoked
 * @param revokedError      the provider's {@code error} (or {@code revoked_by_application}) when revoked
 * @param revokedReason     the provider's {@code error_description} when revoked, or {@code null}
 * @param revokedAt         when it was marked revoked, or {@code null}
 */
public record GrantInfo(GrantKey key, String principal, Set<String> scopes, Instant created, Instant lastRefreshed,
                        Instant lastUsed, Instant expiresAt, GrantStatus status, String revokedError,
                        String revokedReason, Instant revokedAt) {
    public GrantInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(status, "status");
        scopes = Set.copyOf(scopes);
    }

    public boolean isActive() {
        return status == GrantStatus.ACTIVE;
    }

    public Optional<Instant> lastUsedAt() {
        return Optional.ofNullable(lastUsed);
    }
}
