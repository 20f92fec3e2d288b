package dev.offlineaccess.provider;

import java.util.Set;

/**
 * The provider's token and revocation endpoints, as the offline-token service uses them. Implementations
 * authenticate the client as configured and never log a token. Thread-safe.
 */
public interface TokenEndpoint {

    /**
     * Refresh-token grant (RFC 6749 section 6).
     *
     * @param refreshToken the refresh (offline) token, never {@code null}
     * @param scopes       a narrower scope to ask for, or {@code null} for the original grant's scope
     */
    IssuedTokens refresh(String refreshToken, Set<String> scopes)
            throws ProviderRejectedException, ProviderUnavailableException;

    /**
     * RFC 7009 revocation of a refresh token. A provider answering 200 with an error body (Keycloak does for an
     * already revoked token) counts as revoked.
     */
    void revokeRefreshToken(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException;
}
