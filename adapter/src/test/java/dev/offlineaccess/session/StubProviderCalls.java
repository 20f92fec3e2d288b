package dev.offlineaccess.session;

import dev.offlineaccess.provider.InvalidIdTokenException;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderEndpoints;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.VerifiedIdToken;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A scriptable {@link ProviderCalls} for unit tests: each call answers from a field the test sets, or throws the
 * exception the test put there. Records the calls made. Not thread-safe.
 */
public final class StubProviderCalls implements ProviderCalls {
    public static final URI ISSUER = URI.create("https://op.example/realms/test");

    public ProviderEndpoints endpoints = endpoints(true);
    public Exception endpointsFailure;
    public IssuedTokens exchanged;
    public Exception exchangeFailure;
    public IssuedTokens refreshed;
    public Exception refreshFailure;
    public VerifiedIdToken idToken;
    public Exception idTokenFailure;
    public Map<String, Object> userInfo = Map.of();
    public Exception userInfoFailure;
    public Map<String, Object> accessTokenClaims = Map.of();
    public final List<String> calls = new ArrayList<>();
    public final Map<String, Object> lastArguments = new HashMap<>();

    public static ProviderEndpoints endpoints(boolean issParameterSupported) {
        return new ProviderEndpoints(ISSUER, URI.create(ISSUER + "/auth"), URI.create(ISSUER + "/token"),
                URI.create(ISSUER + "/certs"), URI.create(ISSUER + "/userinfo"), URI.create(ISSUER + "/logout"),
                null, null, issParameterSupported, false, Set.of(), Set.of(), Set.of("S256"));
    }

    @Override
    public ProviderEndpoints endpoints() throws ProviderUnavailableException {
        calls.add("endpoints");
        if (endpointsFailure instanceof ProviderUnavailableException e) {
            throw e;
        }
        return endpoints;
    }

    @Override
    public IssuedTokens exchangeCode(String code, URI redirectUri, String pkceVerifier)
            throws ProviderRejectedException, ProviderUnavailableException {
        calls.add("exchangeCode");
        lastArguments.put("code", code);
        lastArguments.put("redirectUri", redirectUri);
        lastArguments.put("pkceVerifier", pkceVerifier);
        throwIfSet(exchangeFailure);
        return exchanged;
    }

    @Override
    public IssuedTokens refresh(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException {
        calls.add("refresh");
        lastArguments.put("refreshToken", refreshToken);
        throwIfSet(refreshFailure);
        return refreshed;
    }

    @Override
    public VerifiedIdToken verifyIdToken(String token, String expectedNonce)
            throws InvalidIdTokenException, ProviderUnavailableException {
        calls.add("verifyIdToken");
        lastArguments.put("nonce", expectedNonce);
        throwIfInvalid(idTokenFailure);
        return idToken;
    }

    @Override
    public VerifiedIdToken verifyRefreshedIdToken(String token, String expectedSubject)
            throws InvalidIdTokenException, ProviderUnavailableException {
        calls.add("verifyRefreshedIdToken");
        lastArguments.put("expectedSubject", expectedSubject);
        throwIfInvalid(idTokenFailure);
        return idToken;
    }

    @Override
    public Map<String, Object> userInfo(String accessToken, String expectedSubject)
            throws ProviderRejectedException, ProviderUnavailableException {
        calls.add("userInfo");
        throwIfSet(userInfoFailure);
        return userInfo;
    }

    @Override
    public Map<String, Object> accessTokenClaims(String accessToken) {
        calls.add("accessTokenClaims");
        return accessTokenClaims;
    }

    @Override
    public Optional<URI> endSessionUri(String idTokenHint, URI postLogoutRedirect, String state) {
        calls.add("endSessionUri");
        lastArguments.put("idTokenHint", idTokenHint);
        lastArguments.put("postLogoutRedirect", postLogoutRedirect);
        lastArguments.put("state", state);
        return endpoints.endSession().map(uri -> URI.create(uri + "?client_id=x"));
    }

    private static void throwIfSet(Exception failure) throws ProviderRejectedException, ProviderUnavailableException {
        if (failure instanceof ProviderRejectedException e) {
            throw e;
        }
        if (failure instanceof ProviderUnavailableException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
    }

    private static void throwIfInvalid(Exception failure) throws InvalidIdTokenException, ProviderUnavailableException {
        if (failure instanceof InvalidIdTokenException e) {
            throw e;
        }
        if (failure instanceof ProviderUnavailableException e) {
            throw e;
        }
    }
}
