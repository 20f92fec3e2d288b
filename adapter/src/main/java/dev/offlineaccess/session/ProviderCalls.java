package dev.offlineaccess.session;

import dev.offlineaccess.provider.InvalidIdTokenException;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.ProviderEndpoints;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.VerifiedIdToken;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The calls to the OpenID Provider that signing in, keeping a session fresh and signing out make: the part of
 * {@link OidcProvider} this code depends on, as a port so that its decisions can be tested without a provider.
 * Implementations are thread-safe, never log a token, and throw the provider package's exceptions as documented on
 * {@link OidcProvider}. Arguments are non-{@code null} unless stated.
 */
public interface ProviderCalls {

    /** The discovered endpoints. */
    ProviderEndpoints endpoints() throws ProviderUnavailableException;

    /** Authorization-code grant with the PKCE verifier. */
    IssuedTokens exchangeCode(String code, URI redirectUri, String pkceVerifier)
            throws ProviderRejectedException, ProviderUnavailableException;

    /** Refresh-token grant for an online session, keeping the original scope. */
    IssuedTokens refresh(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException;

    /** Verifies an ID token from the code exchange, including its {@code nonce}. */
    VerifiedIdToken verifyIdToken(String idToken, String expectedNonce)
            throws InvalidIdTokenException, ProviderUnavailableException;

    /** Verifies an ID token from a refresh; its {@code sub} must be {@code expectedSubject}. */
    VerifiedIdToken verifyRefreshedIdToken(String idToken, String expectedSubject)
            throws InvalidIdTokenException, ProviderUnavailableException;

    /** The UserInfo claims; a foreign {@code sub} is refused. */
    Map<String, Object> userInfo(String accessToken, String expectedSubject)
            throws ProviderRejectedException, ProviderUnavailableException;

    /**
     * The claims of a JWT access token this client received from the token endpoint, verified against the
     * provider's keys; empty when the token is opaque or fails verification (its claims are then not used).
     */
    Map<String, Object> accessTokenClaims(String accessToken) throws ProviderUnavailableException;

    /** The RP-initiated logout URL, or empty when the provider offers none. Arguments may be {@code null}. */
    Optional<URI> endSessionUri(String idTokenHint, URI postLogoutRedirect, String state)
            throws ProviderUnavailableException;

    /** These calls made through {@code provider}; access tokens are verified for {@code clientId}. */
    static ProviderCalls of(OidcProvider provider, String clientId) {
        return new OidcProviderCalls(provider, clientId);
    }
}
