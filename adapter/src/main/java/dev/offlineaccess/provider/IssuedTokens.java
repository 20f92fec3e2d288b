package dev.offlineaccess.provider;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a successful token-endpoint call returned (code exchange or refresh), already parsed. Token values are
 * plain strings here, so this type stays inside the adapter; its {@link #toString()} shows no token.
 *
 * @param accessToken          the access token
 * @param accessTokenExpiresAt when it expires ({@code expires_in} from the response; a default when absent)
 * @param refreshToken         the refresh token, or {@code null} when the provider returned none (keep the old one)
 * @param refreshTokenType     the refresh token's {@code typ} claim when it is a readable JWT ({@code Offline},
 *                             {@code Refresh} at Keycloak), or {@code null}
 * @param refreshExpiresAt     when the refresh token expires, or {@code null} when unknown (Keycloak sends
 *                             {@code refresh_expires_in: 0} for offline tokens)
 * @param scopes               the granted scopes (the response's {@code scope}, or the requested ones when absent)
 * @param idToken              the raw ID token, or {@code null}
 */
public record IssuedTokens(String accessToken, Instant accessTokenExpiresAt, String refreshToken,
                           String refreshTokenType, Instant refreshExpiresAt, Set<String> scopes, String idToken) {
    public IssuedTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
        scopes = Set.copyOf(scopes);
    }

    public Optional<String> newRefreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    /** Offline access was granted: {@code offline_access} is among the scopes, or Keycloak typed the token Offline. */
    public boolean isOfflineGrant() {
        return refreshToken != null
                && (scopes.contains("offline_access") || "Offline".equals(refreshTokenType));
    }

    @Override
    public String toString() {
        return "IssuedTokens[accessTokenExpiresAt=" + accessTokenExpiresAt + ", refreshToken="
                + (refreshToken == null ? "none" : "present") + ", refreshTokenType=" + refreshTokenType
                + ", scopes=" + scopes + ", idToken=" + (idToken == null ? "none" : "present") + "]";
    }
}
