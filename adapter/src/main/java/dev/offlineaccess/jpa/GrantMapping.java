package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.SealedToken;
import dev.offlineaccess.tokens.StoredGrant;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Copies between {@link StoredGrant} and {@link GrantEntity}: the only place that knows both. Instants are kept to
 * the millisecond (what every supported database stores exactly), scopes as one space-separated, sorted string.
 * Values longer than their column are refused here with an {@link IllegalArgumentException} naming the field,
 * rather than as a database error that would look like an outage. Stateless.
 */
final class GrantMapping {
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");

    private GrantMapping() {
    }

    static GrantEntityId id(GrantKey key) {
        return new GrantEntityId(key.issuer(), key.clientId(), key.subject());
    }

    /** A new, unsaved entity for the grant's key. */
    static GrantEntity newEntity(GrantKey key) {
        checkLength("issuer", key.issuer(), GrantEntity.ISSUER_LENGTH);
        checkLength("clientId", key.clientId(), GrantEntity.NAME_LENGTH);
        checkLength("subject", key.subject(), GrantEntity.NAME_LENGTH);
        return new GrantEntity(key.issuer(), key.clientId(), key.subject());
    }

    /** Writes every field of {@code grant} but its key and version into {@code entity}. */
    static void copy(StoredGrant grant, GrantEntity entity) {
        entity.principal = checkLength("principal", grant.principal(), GrantEntity.NAME_LENGTH);
        entity.refreshKeyId = checkLength("refreshToken.keyId", grant.refreshToken().keyId(),
                GrantEntity.KEY_ID_LENGTH);
        entity.refreshToken = grant.refreshToken().ciphertext();
        SealedToken access = grant.accessToken();
        entity.accessKeyId = access == null ? null
                : checkLength("accessToken.keyId", access.keyId(), GrantEntity.KEY_ID_LENGTH);
        entity.accessToken = access == null ? null : access.ciphertext();
        entity.accessExpiresAt = millis(grant.accessTokenExpiresAt());
        entity.scopes = checkLength("scopes", joinScopes(grant.scopes()), GrantEntity.SCOPES_LENGTH);
        entity.created = millis(grant.created());
        entity.lastRefreshed = millis(grant.lastRefreshed());
        entity.lastUsed = millis(grant.lastUsed());
        entity.lastActivity = entity.lastRefreshed != null ? entity.lastRefreshed : entity.created;
        entity.expiresAt = millis(grant.expiresAt());
        entity.status = grant.status();
        entity.revokedError = checkLength("revokedError", grant.revokedError(), GrantEntity.REVOKED_ERROR_LENGTH);
        entity.revokedReason = truncate(grant.revokedReason(), GrantEntity.REVOKED_REASON_LENGTH);
        entity.revokedAt = millis(grant.revokedAt());
    }

    static StoredGrant toGrant(GrantEntity e) {
        SealedToken access = e.accessKeyId == null || e.accessToken == null ? null
                : new SealedToken(e.accessKeyId, e.accessToken);
        return new StoredGrant(new GrantKey(e.issuer, e.clientId, e.subject), e.principal,
                new SealedToken(e.refreshKeyId, e.refreshToken), access, e.accessExpiresAt, splitScopes(e.scopes),
                e.created, e.lastRefreshed, e.lastUsed, e.expiresAt, e.status, e.revokedError, e.revokedReason,
                e.revokedAt, e.version);
    }

    static String joinScopes(Set<String> scopes) {
        for (String scope : scopes) {
            if (scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a scope must be non-empty and contain no whitespace");
            }
        }
        return String.join(" ", new TreeSet<>(scopes));
    }

    static Set<String> splitScopes(String scopes) {
        if (scopes == null || scopes.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(SPACES.split(scopes.trim())).collect(Collectors.toUnmodifiableSet());
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than the " + max + " characters the store keeps");
        }
        return value;
    }

    /** The provider's error description is informational; keep what fits. */
    private static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
