package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.IssuedTokens;

import java.time.Instant;
import java.util.Set;

/** Changed copies of {@link StoredGrant} rows, one per kind of write the service makes. Stateless. */
final class GrantRows {
    /** {@code error} of a grant revoked through {@link OfflineTokens#revoke(String)}. */
    static final String REVOKED_BY_APPLICATION = "revoked_by_application";

    private GrantRows() {
    }

    /**
     * A new ACTIVE row for tokens just issued, replacing whatever the key had.
     *
     * @param refreshed whether the tokens came from a refresh (import) rather than a code exchange (login)
     */
    static StoredGrant fresh(GrantKey key, String principal, IssuedTokens issued, TokenCipher cipher, Instant now,
                             boolean refreshed) {
        return new StoredGrant(key, principal, cipher.seal(issued.refreshToken(), key),
                cipher.seal(issued.accessToken(), key), issued.accessTokenExpiresAt(), issued.scopes(), now,
                refreshed ? now : null, null, issued.refreshExpiresAt(), GrantStatus.ACTIVE, null, null, null, 0);
    }

    /**
     * The row after a successful refresh: the rotated refresh token (or the old one when none came), the new access
     * token, the granted scopes (the old ones when the answer names none).
     */
    static StoredGrant refreshed(StoredGrant row, IssuedTokens issued, TokenCipher cipher, Instant now) {
        boolean rotated = issued.refreshToken() != null;
        SealedToken refresh = rotated ? cipher.seal(issued.refreshToken(), row.key()) : row.refreshToken();
        Instant refreshExpiry = rotated ? issued.refreshExpiresAt() : row.expiresAt();
        Set<String> scopes = issued.scopes().isEmpty() ? row.scopes() : issued.scopes();
        return new StoredGrant(row.key(), row.principal(), refresh, cipher.seal(issued.accessToken(), row.key()),
                issued.accessTokenExpiresAt(), scopes, row.created(), now, now, refreshExpiry,
                GrantStatus.ACTIVE, null, null, null, row.version());
    }

    /** The row with {@code lastUsed} moved to now. */
    static StoredGrant used(StoredGrant row, Instant now) {
        return new StoredGrant(row.key(), row.principal(), row.refreshToken(), row.accessToken(),
                row.accessTokenExpiresAt(), row.scopes(), row.created(), row.lastRefreshed(), now, row.expiresAt(),
                row.status(), row.revokedError(), row.revokedReason(), row.revokedAt(), row.version());
    }

    /** The row marked REVOKED with the reason; the tokens stay (sealed) for the record, the access token goes. */
    static StoredGrant revoked(StoredGrant row, String error, String reason, Instant now) {
        return new StoredGrant(row.key(), row.principal(), row.refreshToken(), null, null, row.scopes(),
                row.created(), row.lastRefreshed(), row.lastUsed(), row.expiresAt(), GrantStatus.REVOKED, error,
                reason, now, row.version());
    }

    /** The row with its tokens re-sealed under the primary key. */
    static StoredGrant resealed(StoredGrant row, TokenCipher cipher) {
        SealedToken access = row.accessToken() == null ? null : cipher.reseal(row.accessToken(), row.key());
        return new StoredGrant(row.key(), row.principal(), cipher.reseal(row.refreshToken(), row.key()), access,
                row.accessTokenExpiresAt(), row.scopes(), row.created(), row.lastRefreshed(), row.lastUsed(),
                row.expiresAt(), row.status(), row.revokedError(), row.revokedReason(), row.revokedAt(),
                row.version());
    }

    /** Whether some token of the row is sealed with an older key. */
    static boolean needsReseal(StoredGrant row, TokenCipher cipher) {
        return !cipher.isPrimary(row.refreshToken())
                || row.accessToken() != null && !cipher.isPrimary(row.accessToken());
    }

    static StoredGrant withVersion(StoredGrant row, long version) {
        return new StoredGrant(row.key(), row.principal(), row.refreshToken(), row.accessToken(),
                row.accessTokenExpiresAt(), row.scopes(), row.created(), row.lastRefreshed(), row.lastUsed(),
                row.expiresAt(), row.status(), row.revokedError(), row.revokedReason(), row.revokedAt(), version);
    }
}
