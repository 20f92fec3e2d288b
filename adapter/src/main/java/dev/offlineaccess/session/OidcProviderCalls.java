package dev.offlineaccess.session;

import dev.offlineaccess.provider.InvalidAccessTokenException;
import dev.offlineaccess.provider.InvalidIdTokenException;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.ProviderEndpoints;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.VerifiedIdToken;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link ProviderCalls} through the real {@link OidcProvider}. Thread-safe. */
final class OidcProviderCalls implements ProviderCalls {
    private static final System.Logger LOG = System.getLogger(OidcProviderCalls.class.getName());
    private final OidcProvider provider;
    private final String clientId;

    OidcProviderCalls(OidcProvider provider, String clientId) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
    }

    @Override
    public ProviderEndpoints endpoints() throws ProviderUnavailableException {
        return provider.endpoints();
    }

    @Override
    public IssuedTokens exchangeCode(String code, URI redirectUri, String pkceVerifier)
            throws ProviderRejectedException, ProviderUnavailableException {
        return provider.exchangeCode(code, redirectUri, pkceVerifier);
    }

    @Override
    public IssuedTokens refresh(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException {
        return provider.refresh(refreshToken, null);
    }

    @Override
    public VerifiedIdToken verifyIdToken(String idToken, String expectedNonce)
            throws InvalidIdTokenException, ProviderUnavailableException {
        return provider.verifyIdToken(idToken, expectedNonce);
    }

    @Override
    public VerifiedIdToken verifyRefreshedIdToken(String idToken, String expectedSubject)
            throws InvalidIdTokenException, ProviderUnavailableException {
        return provider.verifyRefreshedIdToken(idToken, expectedSubject);
    }

    @Override
    public Map<String, Object> userInfo(String accessToken, String expectedSubject)
            throws ProviderRejectedException, ProviderUnavailableException {
        return provider.userInfo(accessToken, expectedSubject);
    }

    @Override
    public Map<String, Object> accessTokenClaims(String accessToken) throws ProviderUnavailableException {
        try {
            return provider.verifyJwtAccessToken(accessToken, clientId).claims();
        } catch (InvalidAccessTokenException e) {
            LOG.log(System.Logger.Level.DEBUG, "Access token claims not used: {0}", e.reason());
            return Map.of();
        }
    }

    @Override
    public Optional<URI> endSessionUri(String idTokenHint, URI postLogoutRedirect, String state)
            throws ProviderUnavailableException {
        return provider.endSessionUri(idTokenHint, postLogoutRedirect, state);
    }
}
