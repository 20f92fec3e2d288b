package dev.offlineaccess.login;

import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import dev.offlineaccess.logout.SessionEndCheck;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.session.OidcIdentity;
import dev.offlineaccess.session.Sessions;
import dev.offlineaccess.session.StubOfflineTokens;
import dev.offlineaccess.session.StubProviderCalls;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.testing.TestClock;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.OfflineGrantRevokedException;
import dev.offlineaccess.tokens.ProviderTemporarilyUnavailableException;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebFlowTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final URI ORIGIN = URI.create("https://app.example");

    private final TestClock clock = new TestClock(NOW);
    private final StubProviderCalls provider = new StubProviderCalls();
    private final StubOfflineTokens offlineTokens = new StubOfflineTokens();
    private final BearerCheck bearer = authorization -> new BearerCheck.Authenticated(
            new OidcIdentity("i", "api-sub", "api-user", Set.of("user"), Map.of(), false, null));
    private final WebFlow flow = WebFlow.create(new FlowPaths("/secured/oidc-callback", "/secured/logout"),
            TestSettings.settings(StubProviderCalls.ISSUER, "portal", "secret"), provider, offlineTokens,
            (key, principal, tokens) -> { }, bearer, SessionEndCheck.off(), clock);

    private static WebRequest get(String path, String rawQuery, Map<String, List<String>> query, UserSession user) {
        return new WebRequest("GET", ORIGIN, "/ctx", path, "/ctx" + path, rawQuery, query, Map.of(), null, false,
                user, PendingLogins.empty());
    }

    private static WebRequest json(String path, UserSession user) {
        return new WebRequest("GET", ORIGIN, "/ctx", path, "/ctx" + path, null, Map.of(), Map.of(), null, true,
                user, PendingLogins.empty());
    }

    @Test
    void handleWhenAnonymousThenRedirectToProviderWithCallbackUnderTheMappingAndPendingStored() throws Exception {
        WebResult.Redirect redirect = assertInstanceOf(WebResult.Redirect.class,
                flow.handle(get("/secured/page", "a=1&scope=offline_access",
                        Map.of("a", List.of("1"), "scope", List.of("offline_access")), null)));
        AuthenticationRequest request = AuthenticationRequest.parse(URI.create(redirect.location()));
        assertEquals(URI.create("https://app.example/ctx/secured/oidc-callback"), request.getRedirectionURI());
        assertTrue(request.getScope().contains("offline_access"));
        PendingLogins pending = redirect.session().pending();
        PendingLogin login = pending.find(request.getState().getValue(), NOW).orElseThrow();
        assertEquals("/ctx/secured/page?a=1", login.returnPath());
        assertFalse(redirect.session().invalidate());
        assertFalse(redirect.toString().contains(login.state()), "logged results show no state");
        assertFalse(redirect.toString().contains(login.nonce()));
    }

    @Test
    void handleWhenAnonymousJsonClientThen401WithChallengeAndNoSessionChange() {
        WebRequest request = new WebRequest("GET", ORIGIN, "/ctx", "/secured/data", "/ctx/secured/data", null,
                Map.of(), Map.of(), null, true, null, PendingLogins.empty());
        WebResult.Challenge challenge = assertInstanceOf(WebResult.Challenge.class, flow.handle(request));
        assertEquals(401, challenge.status());
        assertTrue(challenge.wwwAuthenticate().startsWith("Bearer realm="));
        assertSame(SessionChange.NONE, challenge.session());
    }

    @Test
    void handleWhenProviderDownThen503PageAndNoPendingLogin() {
        provider.endpointsFailure = new ProviderUnavailableException("down");
        WebResult.Page page = assertInstanceOf(WebResult.Page.class, flow.handle(get("/secured/page", null,
                Map.of(), null)));
        assertEquals(503, page.status());
        assertEquals(LoginFailure.PROVIDER_UNAVAILABLE, page.error().failure());
        assertNull(page.session().pending());
        assertEquals("/ctx/secured/page", page.link());
    }

    @Test
    void handleWhenSignedInAndTokenValidThenProceedWithoutSessionChange() {
        WebResult.Proceed proceed = assertInstanceOf(WebResult.Proceed.class,
                flow.handle(get("/secured/page", null, Map.of(), Sessions.online(NOW.plusSeconds(300)))));
        assertEquals("alice", proceed.identity().principalName());
        assertEquals(WebFlow.AUTH_TYPE_SESSION, proceed.authType());
        assertSame(SessionChange.NONE, proceed.session());
    }

    @Test
    void handleWhenOfflineSessionExpiredThenTokenServiceRenewsAndSessionIsUpdated() {
        offlineTokens.next = new AccessToken("access-2", NOW.plusSeconds(300), Set.of());
        WebResult.Proceed proceed = assertInstanceOf(WebResult.Proceed.class,
                flow.handle(get("/secured/page", null, Map.of(), Sessions.offline(NOW))));
        assertEquals("access-2", proceed.session().user().accessToken());
        assertEquals("access-2", proceed.identity().accessToken().orElseThrow().value());
    }

    @Test
    void handleWhenRenewalImpossibleThenSessionEndsAndANewSignInStarts() {
        offlineTokens.failure = new OfflineGrantRevokedException("alice", "invalid_grant", null);
        WebResult.Redirect redirect = assertInstanceOf(WebResult.Redirect.class,
                flow.handle(get("/secured/page", null, Map.of(), Sessions.offline(NOW))));
        assertTrue(redirect.session().invalidate());
        assertEquals(1, redirect.session().pending().size());
        assertNull(redirect.session().user());
    }

    @Test
    void handleWhenTokenStoreDownDuringRenewalThen503PageNamingTheStorageAndTheSessionKept() {
        offlineTokens.failure = new TokenStoreUnavailableException("alice", "database down", null);
        WebResult.Page page = assertInstanceOf(WebResult.Page.class,
                flow.handle(get("/secured/page", "a=1", Map.of("a", List.of("1")), Sessions.offline(NOW))));
        assertEquals(503, page.status());
        assertEquals(PageKind.LOGIN_FAILED, page.kind());
        assertEquals(LoginFailure.TOKEN_STORE_UNAVAILABLE, page.error().failure());
        assertEquals("Your session could not be renewed because the application's sign-in storage is unavailable"
                + " at the moment. Please try again shortly.", page.error().failure().explanation());
        assertTrue(page.error().failure().isTransient(), "a 503: the servlet layer adds Retry-After");
        assertEquals("/ctx/secured/page?a=1", page.link(), "'Try again' returns to the page asked for");
        assertSame(SessionChange.NONE, page.session(), "the session is kept as it was");
        assertFalse(provider.calls.contains("refresh"));
    }

    @Test
    void handleWhenTokenStoreDownDuringRenewalThenJsonClientGets503ChallengeNamingTheStore() {
        offlineTokens.failure = new TokenStoreUnavailableException("alice", "database down", null);
        WebResult.Challenge challenge = assertInstanceOf(WebResult.Challenge.class,
                flow.handle(json("/secured/data", Sessions.offline(NOW))));
        assertEquals(503, challenge.status());
        assertEquals("temporarily_unavailable", challenge.error());
        assertEquals("The token store cannot be reached", challenge.description());
        assertEquals(Duration.ofSeconds(10), challenge.retryAfter());
        assertNull(challenge.wwwAuthenticate(), "nothing to authenticate again: the session is fine");
        assertSame(SessionChange.NONE, challenge.session());
    }

    @Test
    void handleWhenProviderDownDuringRenewalThenThe503StillNamesTheProvider() {
        offlineTokens.failure = new ProviderTemporarilyUnavailableException("alice", "connection refused", null);
        WebResult.Page page = assertInstanceOf(WebResult.Page.class,
                flow.handle(get("/secured/page", null, Map.of(), Sessions.offline(NOW))));
        assertEquals(503, page.status());
        assertEquals(LoginFailure.PROVIDER_UNAVAILABLE, page.error().failure());
        assertEquals("The identity provider cannot be reached at the moment. Please try again shortly.",
                page.error().failure().explanation());
        assertSame(SessionChange.NONE, page.session());

        WebResult.Challenge challenge = assertInstanceOf(WebResult.Challenge.class,
                flow.handle(json("/secured/data", Sessions.offline(NOW))));
        assertEquals(503, challenge.status());
        assertEquals("The identity provider cannot be reached", challenge.description());
        assertEquals(Duration.ofSeconds(10), challenge.retryAfter());
        assertSame(SessionChange.NONE, challenge.session());
    }

    @Test
    void handleWhenProviderDownDuringAnOnlineRenewalThenThe503NamesTheProvider() {
        provider.refreshFailure = new ProviderUnavailableException("connection refused");
        WebResult.Page page = assertInstanceOf(WebResult.Page.class,
                flow.handle(get("/secured/page", null, Map.of(), Sessions.online(NOW))));
        assertEquals(LoginFailure.PROVIDER_UNAVAILABLE, page.error().failure());
        assertSame(SessionChange.NONE, page.session());
    }

    @Test
    void handleWhenSignedInOnlineUserAsksForOfflineThenNewSignInWithOfflineScope() throws Exception {
        WebResult.Redirect redirect = assertInstanceOf(WebResult.Redirect.class, flow.handle(get("/secured/page",
                "scope=offline_access", Map.of("scope", List.of("offline_access")),
                Sessions.online(NOW.plusSeconds(300)))));
        assertTrue(AuthenticationRequest.parse(URI.create(redirect.location())).getScope()
                .contains("offline_access"));
        assertFalse(redirect.session().invalidate());
    }

    @Test
    void handleWhenBearerHeaderThenBearerCheckDecides() {
        WebRequest request = new WebRequest("GET", ORIGIN, "/ctx", "/secured/x", "/ctx/secured/x", null, Map.of(),
                Map.of(), "Bearer abc", false, null, PendingLogins.empty());
        WebResult.Proceed proceed = assertInstanceOf(WebResult.Proceed.class, flow.handle(request));
        assertEquals(WebFlow.AUTH_TYPE_BEARER, proceed.authType());
        assertEquals("api-user", proceed.identity().principalName());
    }

    @Test
    void handleWhenBearerPathWithoutTokenThenNeverALoginRedirect() {
        WebFlow strict = WebFlow.create(new FlowPaths("/oidc-callback", "/logout"),
                TestSettings.settings(StubProviderCalls.ISSUER, "portal", null), provider, offlineTokens,
                (key, principal, tokens) -> { },
                authorization -> new BearerCheck.Rejected(401, "Bearer realm=\"portal\"", null, null, null),
                SessionEndCheck.off(), clock);
        WebResult.Challenge challenge = assertInstanceOf(WebResult.Challenge.class,
                strict.handle(get("/api/customers", null, Map.of(), null)));
        assertEquals(401, challenge.status());
    }

    @Test
    void handleLogoutGetWhenSignedInThenConfirmPageWithCsrfToken() {
        WebResult.Page page = assertInstanceOf(WebResult.Page.class,
                flow.handle(get("/secured/logout", null, Map.of(), Sessions.online(NOW.plusSeconds(300)))));
        assertEquals(PageKind.LOGOUT_CONFIRM, page.kind());
        assertEquals("csrf-1", page.csrfToken());
        assertEquals("/ctx/secured/logout", page.link());
        assertSame(SessionChange.NONE, page.session());
    }

    @Test
    void handleLogoutPostWithoutCsrfTokenThen403AndSessionKept() {
        WebRequest post = new WebRequest("POST", ORIGIN, "/ctx", "/secured/logout", "/ctx/secured/logout", null,
                Map.of(), Map.of("csrf", List.of("wrong")), null, false, Sessions.online(NOW.plusSeconds(300)),
                PendingLogins.empty());
        WebResult.Page page = assertInstanceOf(WebResult.Page.class, flow.handle(post));
        assertEquals(403, page.status());
        assertFalse(page.session().invalidate());
    }

    @Test
    void handleLogoutPostWithCsrfTokenThenSessionEndsAndBrowserGoesToTheProviderWithIdTokenHintOnly() {
        UserSession offline = Sessions.offline(NOW.plusSeconds(300));
        WebRequest post = new WebRequest("POST", ORIGIN, "/ctx", "/secured/logout", "/ctx/secured/logout", null,
                Map.of(), Map.of("csrf", List.of("csrf-1")), null, false, offline, PendingLogins.empty());
        WebResult.Redirect redirect = assertInstanceOf(WebResult.Redirect.class, flow.handle(post));
        assertTrue(redirect.session().invalidate());
        assertTrue(redirect.location().startsWith(StubProviderCalls.ISSUER + "/logout"));
        assertEquals(offline.idToken(), provider.lastArguments.get("idTokenHint"));
        assertEquals(URI.create("https://app.example/ctx/"), provider.lastArguments.get("postLogoutRedirect"));
        assertFalse(provider.calls.contains("refresh"));
        assertTrue(offlineTokens.requested.isEmpty());
    }

    @Test
    void handleCallbackWhenAnotherUserWasSignedInThenANewSessionInsteadOfARotatedOne() throws Exception {
        WebResult.Redirect start = assertInstanceOf(WebResult.Redirect.class,
                flow.handle(get("/secured/page", null, Map.of(), null)));
        String state = AuthenticationRequest.parse(URI.create(start.location())).getState().getValue();
        provider.exchanged = new dev.offlineaccess.provider.IssuedTokens("access", NOW.plusSeconds(300), "refresh",
                null, null, Set.of("openid"), "id");
        Map<String, Object> claims = Map.of("sub", "sub-bob", "preferred_username", "bob",
                "iss", StubProviderCalls.ISSUER.toString());
        provider.idToken = new dev.offlineaccess.provider.VerifiedIdToken("sub-bob", StubProviderCalls.ISSUER.toString(),
                null, NOW.plusSeconds(300), NOW, claims, Sessions.idToken(claims));
        Map<String, List<String>> callback = Map.of("state", List.of(state), "code", List.of("c"),
                "iss", List.of(StubProviderCalls.ISSUER.toString()));
        for (UserSession before : new UserSession[] {Sessions.online(NOW.plusSeconds(300)), null}) {
            WebRequest request = new WebRequest("GET", ORIGIN, "/ctx", "/secured/oidc-callback",
                    "/ctx/secured/oidc-callback", null, callback, Map.of(), null, false, before,
                    start.session().pending());
            WebResult.Redirect signedIn = assertInstanceOf(WebResult.Redirect.class, flow.handle(request));
            assertEquals("bob", signedIn.session().user().principalName());
            assertEquals("/ctx/secured/page", signedIn.location());
            assertEquals(before != null, signedIn.session().invalidate(), "alice's session must not carry over");
            assertEquals(before == null, signedIn.session().rotateId());
        }
    }

    @Test
    void wantsJsonFollowsAcceptAndXRequestedWith() {
        assertTrue(WebRequest.wantsJson("application/json", null));
        assertTrue(WebRequest.wantsJson("application/problem+json", null));
        assertTrue(WebRequest.wantsJson(null, "XMLHttpRequest"));
        assertFalse(WebRequest.wantsJson("text/html,application/json;q=0.9", null));
        assertFalse(WebRequest.wantsJson("*/*", null));
        assertFalse(WebRequest.wantsJson(null, null));
    }
}
