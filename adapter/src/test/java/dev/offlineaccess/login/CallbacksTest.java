package dev.offlineaccess.login;

import dev.offlineaccess.provider.InvalidIdTokenException;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.ProviderError;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.VerifiedIdToken;
import dev.offlineaccess.session.RoleMapper;
import dev.offlineaccess.session.Sessions;
import dev.offlineaccess.session.StubProviderCalls;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.testing.TestClock;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbacksTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String ISSUER = StubProviderCalls.ISSUER.toString();
    private static final URI CALLBACK = URI.create("https://app.example/oidc-callback");

    private final TestClock clock = new TestClock(NOW);
    private final StubProviderCalls provider = new StubProviderCalls();
    private final List<GrantKey> stored = new ArrayList<>();
    private RuntimeException storeFailure;
    private final Callbacks callbacks = new Callbacks(provider, new SignedInUsers("portal", "preferred_username",
            new RoleMapper(List.of("realm_access.roles", "roles"), "portal"), provider, (key, principal, tokens) -> {
                if (storeFailure != null) {
                    throw storeFailure;
                }
                stored.add(key);
            }, clock), clock, Duration.ofSeconds(30));

    private final PendingLogin online = pending("state-online", false, null);
    private final PendingLogin offline = pending("state-offline", true, null);
    private final PendingLogins pendings = PendingLogins.empty().with(online, 5).with(offline, 5);

    CallbacksTest() {
        provider.exchanged = tokens(false);
        provider.idToken = idToken(Map.of("sub", "sub-alice", "preferred_username", "alice",
                "realm_access", Map.of("roles", List.of("user"))));
    }

    private static PendingLogin pending(String state, boolean offline, Integer maxAge) {
        return new PendingLogin(state, "nonce-" + state, "verifier-" + state, CALLBACK, "/page?x=1", offline, maxAge,
                NOW);
    }

    private static IssuedTokens tokens(boolean offline) {
        return new IssuedTokens("access", NOW.plusSeconds(300), "refresh", offline ? "Offline" : "Refresh", null,
                offline ? Set.of("openid", "offline_access") : Set.of("openid"), "id-token");
    }

    private static VerifiedIdToken idToken(Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(claims);
        all.put("iss", ISSUER);
        return new VerifiedIdToken((String) claims.get("sub"), ISSUER, null, NOW.plusSeconds(300), NOW, all,
                Sessions.idToken(all));
    }

    private static Map<String, List<String>> params(String... nameValues) {
        Map<String, List<String>> params = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return params;
    }

    private LoginError failure(CallbackResult result) {
        return assertInstanceOf(CallbackResult.Failed.class, result).error();
    }

    @Test
    void completeWhenCodeAndStateMatchThenSignedInWithPkceVerifierAndNonce() {
        CallbackResult.SignedIn signedIn = assertInstanceOf(CallbackResult.SignedIn.class,
                callbacks.complete(params("state", "state-online", "code", "c-1", "iss", ISSUER), pendings));
        assertEquals("verifier-state-online", provider.lastArguments.get("pkceVerifier"));
        assertEquals(CALLBACK, provider.lastArguments.get("redirectUri"));
        assertEquals("nonce-state-online", provider.lastArguments.get("nonce"));
        UserSession session = signedIn.session();
        assertEquals("alice", session.principalName());
        assertEquals(Set.of("user"), session.roles());
        assertEquals("refresh", session.refreshToken());
        assertFalse(session.offline());
        assertEquals("/page?x=1", signedIn.returnPath());
        assertEquals(1, signedIn.remaining().size(), "the used state is gone, the other tab's stays");
        assertTrue(stored.isEmpty());
        assertFalse(provider.calls.contains("userInfo"), "the ID token had principal and roles");
    }

    @Test
    void completeWhenStateMissingThenMissingStateAndNoProviderCall() {
        assertEquals(LoginFailure.MISSING_STATE, failure(callbacks.complete(params("code", "c"), pendings)).failure());
        assertEquals(LoginFailure.MISSING_STATE,
                failure(callbacks.complete(params("state", "state-online", "state", "x", "code", "c"), pendings))
                        .failure());
        assertTrue(provider.calls.isEmpty());
    }

    @Test
    void completeWhenStateUnknownThenUnknownStateAndPendingKept() {
        CallbackResult result = callbacks.complete(params("state", "forged", "code", "c"), pendings);
        assertEquals(LoginFailure.UNKNOWN_STATE, failure(result).failure());
        assertEquals(2, result.remaining().size());
        assertTrue(provider.calls.isEmpty());
    }

    @Test
    void completeWhenStateUsedTwiceThenSecondIsUnknown() {
        CallbackResult first = callbacks.complete(params("state", "state-online", "code", "c"), pendings);
        CallbackResult second = callbacks.complete(params("state", "state-online", "code", "c"), first.remaining());
        assertEquals(LoginFailure.UNKNOWN_STATE, failure(second).failure());
    }

    @Test
    void completeWhenPendingLoginExpiredThenUnknownState() {
        clock.advance(PendingLogins.MAX_AGE.plusSeconds(1));
        assertEquals(LoginFailure.UNKNOWN_STATE,
                failure(callbacks.complete(params("state", "state-online", "code", "c"), pendings)).failure());
    }

    @Test
    void completeWhenAccessDeniedThenAccessDeniedAndStateConsumed() {
        CallbackResult result = callbacks.complete(params("state", "state-online", "error", "access_denied", "iss", ISSUER),
                pendings);
        assertEquals(LoginFailure.ACCESS_DENIED, failure(result).failure());
        assertEquals(1, result.remaining().size());
        assertFalse(provider.calls.contains("exchangeCode"));
    }

    @Test
    void completeWhenOtherErrorThenProviderErrorWithSafeCodeOnly() {
        LoginError error = failure(callbacks.complete(params("state", "state-online", "error",
                "<script>alert(1)</script>", "iss", ISSUER), pendings));
        assertEquals(LoginFailure.PROVIDER_ERROR, error.failure());
        assertEquals("unrecognised error", error.detail());
    }

    @Test
    void completeWhenIssParameterNamesAnotherIssuerThenIssuerMismatch() {
        assertEquals(LoginFailure.ISSUER_MISMATCH, failure(callbacks.complete(
                params("state", "state-online", "code", "c", "iss", "https://evil.example"), pendings)).failure());
        assertFalse(provider.calls.contains("exchangeCode"));
    }

    @Test
    void completeWhenIssParameterMissingAndProviderPromisedItThenIssuerMismatch() {
        assertEquals(LoginFailure.ISSUER_MISMATCH,
                failure(callbacks.complete(params("state", "state-online", "code", "c"), pendings)).failure());
    }

    @Test
    void completeWhenIssParameterMissingAndProviderDoesNotSendItThenAccepted() {
        provider.endpoints = StubProviderCalls.endpoints(false);
        assertInstanceOf(CallbackResult.SignedIn.class,
                callbacks.complete(params("state", "state-online", "code", "c"), pendings));
    }

    @Test
    void completeWhenCodeMissingThenMissingCode() {
        assertEquals(LoginFailure.MISSING_CODE,
                failure(callbacks.complete(params("state", "state-online", "iss", ISSUER), pendings)).failure());
    }

    @Test
    void completeWhenCodeReplayedThenCodeRejected() {
        provider.exchangeFailure = new ProviderRejectedException("code exchange",
                new ProviderError(400, "invalid_grant", "Code not valid"));
        assertEquals(LoginFailure.CODE_REJECTED, failure(callbacks.complete(
                params("state", "state-online", "code", "c", "iss", ISSUER), pendings)).failure());
    }

    @Test
    void completeWhenOfflineNotAllowedThenOfflineRefusedAndNothingStored() {
        provider.exchangeFailure = new ProviderRejectedException("code exchange",
                new ProviderError(400, "not_allowed", "Offline tokens not allowed for the user or client"));
        CallbackResult.Failed failed = assertInstanceOf(CallbackResult.Failed.class, callbacks.complete(
                params("state", "state-offline", "code", "c", "iss", ISSUER), pendings));
        assertEquals(LoginFailure.OFFLINE_REFUSED, failed.error().failure());
        assertEquals(403, failed.error().failure().status());
        assertTrue(stored.isEmpty());
    }

    @Test
    void completeWhenProviderUnreachableThenProviderUnavailable() {
        provider.exchangeFailure = new ProviderUnavailableException("connection refused");
        assertEquals(LoginFailure.PROVIDER_UNAVAILABLE, failure(callbacks.complete(
                params("state", "state-online", "code", "c", "iss", ISSUER), pendings)).failure());
        provider.exchangeFailure = null;
        provider.endpointsFailure = new ProviderUnavailableException("discovery failed");
        assertEquals(LoginFailure.PROVIDER_UNAVAILABLE, failure(callbacks.complete(
                params("state", "state-offline", "code", "c", "iss", ISSUER), pendings)).failure());
    }

    @Test
    void completeWhenIdTokenInvalidThenInvalidIdTokenNamingTheCheck() {
        provider.idTokenFailure = new InvalidIdTokenException(InvalidIdTokenException.Reason.ALG_NOT_ALLOWED,
                "alg none");
        LoginError error = failure(callbacks.complete(params("state", "state-online", "code", "c", "iss", ISSUER),
                pendings));
        assertEquals(LoginFailure.INVALID_ID_TOKEN, error.failure());
        assertEquals("ALG_NOT_ALLOWED", error.detail());
    }

    @Test
    void completeWhenTokenResponseHasNoIdTokenThenInvalidIdToken() {
        provider.exchanged = new IssuedTokens("a", NOW.plusSeconds(60), null, null, null, Set.of(), null);
        assertEquals(LoginFailure.INVALID_ID_TOKEN, failure(callbacks.complete(
                params("state", "state-online", "code", "c", "iss", ISSUER), pendings)).failure());
    }

    @Test
    void completeWhenMaxAgeSentThenAuthTimeRequiredAndRecent() {
        PendingLogins withMaxAge = PendingLogins.empty().with(pending("s", false, 60), 3);
        assertEquals(LoginFailure.INVALID_ID_TOKEN, failure(callbacks.complete(
                params("state", "s", "code", "c", "iss", ISSUER), withMaxAge)).failure());
        provider.idToken = idToken(Map.of("sub", "sub-alice", "preferred_username", "alice",
                "auth_time", NOW.minusSeconds(200).getEpochSecond()));
        assertEquals(LoginFailure.INVALID_ID_TOKEN, failure(callbacks.complete(
                params("state", "s", "code", "c", "iss", ISSUER), withMaxAge)).failure());
        provider.idToken = idToken(Map.of("sub", "sub-alice", "preferred_username", "alice",
                "auth_time", NOW.minusSeconds(50).getEpochSecond()));
        assertInstanceOf(CallbackResult.SignedIn.class, callbacks.complete(
                params("state", "s", "code", "c", "iss", ISSUER), withMaxAge));
    }

    @Test
    void completeWhenOfflineGrantedThenStoredAndSessionHoldsNoRefreshToken() {
        provider.exchanged = tokens(true);
        CallbackResult.SignedIn signedIn = assertInstanceOf(CallbackResult.SignedIn.class, callbacks.complete(
                params("state", "state-offline", "code", "c", "iss", ISSUER), pendings));
        assertEquals(List.of(new GrantKey(ISSUER, "portal", "sub-alice")), stored);
        assertTrue(signedIn.session().offline());
        assertNull(signedIn.session().refreshToken());
    }

    @Test
    void completeWhenOfflineRequestedButNotGrantedThenOnlineSessionAndNothingStored() {
        CallbackResult.SignedIn signedIn = assertInstanceOf(CallbackResult.SignedIn.class, callbacks.complete(
                params("state", "state-offline", "code", "c", "iss", ISSUER), pendings));
        assertTrue(stored.isEmpty());
        assertFalse(signedIn.session().offline());
        assertEquals("refresh", signedIn.session().refreshToken());
    }

    @Test
    void completeWhenOfflineGrantedButNotRequestedThenNotStored() {
        provider.exchanged = tokens(true);
        CallbackResult.SignedIn signedIn = assertInstanceOf(CallbackResult.SignedIn.class, callbacks.complete(
                params("state", "state-online", "code", "c", "iss", ISSUER), pendings));
        assertTrue(stored.isEmpty());
        assertFalse(signedIn.session().offline());
    }

    @Test
    void completeWhenStoreDownThenSignedInWithoutOfflineAccessAndTheOfflineTokenKeptNowhere() {
        provider.exchanged = tokens(true);
        storeFailure = new TokenStoreUnavailableException("alice", "db down", null);
        CallbackResult.SignedIn signedIn = assertInstanceOf(CallbackResult.SignedIn.class, callbacks.complete(
                params("state", "state-offline", "code", "c", "iss", ISSUER), pendings));
        assertTrue(signedIn.offlineNotSaved());
        assertFalse(signedIn.session().offline());
        assertEquals(null, signedIn.session().refreshToken(), "the offline token does not live on in the session");
        assertEquals("alice", signedIn.session().principalName());
    }

    @Test
    void completeWhenPrincipalClaimMissingThenUserInfoSuppliesItAndItsExtras() {
        provider.idToken = idToken(Map.of("sub", "sub-alice"));
        provider.userInfo = Map.of("sub", "sub-alice", "preferred_username", "alice", "roles", List.of("admin"),
                "phone_number", "123");
        UserSession session = assertInstanceOf(CallbackResult.SignedIn.class, callbacks.complete(
                params("state", "state-online", "code", "c", "iss", ISSUER), pendings)).session();
        assertEquals("alice", session.principalName());
        assertEquals(Set.of("admin"), session.roles());
        assertEquals("123", session.claims().get("phone_number"));
    }

    @Test
    void completeWhenRolesOnlyInAccessTokenThenNoUserInfoCall() {
        provider.idToken = idToken(Map.of("sub", "sub-alice", "preferred_username", "alice"));
        provider.accessTokenClaims = Map.of("realm_access", Map.of("roles", List.of("user", "admin")));
        UserSession session = assertInstanceOf(CallbackResult.SignedIn.class, callbacks.complete(
                params("state", "state-online", "code", "c", "iss", ISSUER), pendings)).session();
        assertEquals(Set.of("user", "admin"), session.roles());
        assertFalse(provider.calls.contains("userInfo"));
    }

    @Test
    void completeWhenUserInfoNamesAnotherSubjectThenInvalidUserInfo() {
        provider.idToken = idToken(Map.of("sub", "sub-alice"));
        provider.userInfoFailure = new ProviderRejectedException("userinfo",
                new ProviderError(200, OidcProvider.USERINFO_SUBJECT_MISMATCH, null));
        assertEquals(LoginFailure.INVALID_USERINFO, failure(callbacks.complete(
                params("state", "state-online", "code", "c", "iss", ISSUER), pendings)).failure());
    }

    @Test
    void completeWhenPrincipalClaimMissingEverywhereThenSubjectIsThePrincipal() {
        provider.idToken = idToken(Map.of("sub", "sub-alice", "roles", List.of()));
        assertEquals("sub-alice", assertInstanceOf(CallbackResult.SignedIn.class, callbacks.complete(
                params("state", "state-online", "code", "c", "iss", ISSUER), pendings)).session().principalName());
    }
}
