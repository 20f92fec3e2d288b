package dev.offlineaccess.login;

import dev.offlineaccess.logout.EndedSession;
import dev.offlineaccess.logout.InMemoryEndedSessions;
import dev.offlineaccess.logout.SessionEndCheck;
import dev.offlineaccess.session.OidcIdentity;
import dev.offlineaccess.session.Sessions;
import dev.offlineaccess.session.StubOfflineTokens;
import dev.offlineaccess.session.StubProviderCalls;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
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

/** A signed-in session the provider ended by back-channel logout is treated as signed out. */
class WebFlowBackchannelTest {
    private static final Instant SIGNED_IN = Instant.parse("2026-11-23T10:00:00Z");
    private static final URI ORIGIN = URI.create("https://app.example");
    private static final String ISSUER = StubProviderCalls.ISSUER.toString();

    private final TestClock clock = new TestClock(SIGNED_IN.plusSeconds(60));
    private final StubProviderCalls provider = new StubProviderCalls();
    private final StubOfflineTokens offlineTokens = new StubOfflineTokens();
    private final InMemoryEndedSessions registry = new InMemoryEndedSessions(clock);
    private final WebFlow flow = WebFlow.create(new FlowPaths("/secured/oidc-callback", "/secured/logout"),
            TestSettings.settings(StubProviderCalls.ISSUER, "portal", "secret"), provider, offlineTokens,
            (key, principal, tokens) -> { },
            authorization -> new BearerCheck.Authenticated(new OidcIdentity(ISSUER, "api-sub", "api-user", Set.of(),
                    Map.of(), false, null)),
            new SessionEndCheck(registry, clock), clock);

    private static UserSession alice(String sid) {
        String idToken = Sessions.idToken(Map.of("sub", "sub-alice", "sid", sid, "preferred_username", "alice"));
        return new UserSession(ISSUER, "portal", "sub-alice", "alice", Set.of("user"), idToken, Map.of(),
                "access-1", SIGNED_IN.plusSeconds(600), Set.of("openid"), "refresh-1", false, "csrf-1", SIGNED_IN);
    }

    private static WebRequest request(String path, boolean json, String authorization, UserSession user) {
        return new WebRequest("GET", ORIGIN, "/ctx", path, "/ctx" + path, null, Map.of(), Map.of(), authorization,
                json, user, PendingLogins.empty());
    }

    private void providerEnds(String sid) {
        registry.record(new EndedSession(ISSUER, "sub-alice", sid, clock.instant()));
    }

    @Test
    void handleWhenTheProviderEndedTheSessionThenItIsInvalidatedAndANewSignInStarts() {
        providerEnds("sid-1");

        WebResult.Redirect redirect = assertInstanceOf(WebResult.Redirect.class,
                flow.handle(request("/secured/page", false, null, alice("sid-1"))));

        assertTrue(redirect.location().startsWith(ISSUER + "/auth?"), redirect.location());
        assertTrue(redirect.session().invalidate());
        assertNull(redirect.session().user());
        assertEquals(1, redirect.session().pending().size(), "a fresh sign-in, nothing of the old session");
        assertTrue(provider.calls.stream().noneMatch(call -> call.contains("refresh")), "no renewal of an ended session");
    }

    @Test
    void handleWhenTheProviderEndedTheSessionOfAJsonClientThen401AndTheSessionGoes() {
        providerEnds(null);

        WebResult.Challenge challenge = assertInstanceOf(WebResult.Challenge.class,
                flow.handle(request("/secured/data", true, null, alice("sid-1"))));

        assertEquals(401, challenge.status());
        assertTrue(challenge.session().invalidate());
    }

    @Test
    void handleLogoutPathWhenTheProviderEndedTheSessionThenSignedOutPageAndTheSessionGoes() {
        providerEnds("sid-1");

        WebResult.Page page = assertInstanceOf(WebResult.Page.class,
                flow.handle(request("/secured/logout", false, null, alice("sid-1"))));

        assertEquals(PageKind.SIGNED_OUT, page.kind());
        assertTrue(page.session().invalidate());
        assertTrue(provider.calls.isEmpty(), "nothing to end at the provider: " + provider.calls);
    }

    @Test
    void handleWhenAnotherProviderSessionOfTheUserEndedThenTheRequestProceeds() {
        providerEnds("sid-other");

        WebResult.Proceed proceed = assertInstanceOf(WebResult.Proceed.class,
                flow.handle(request("/secured/page", false, null, alice("sid-1"))));

        assertEquals("alice", proceed.identity().principalName());
        assertSame(SessionChange.NONE, proceed.session());
    }

    @Test
    void handleWhenTheUserSignedInAgainAfterTheEndingThenTheNewSessionProceeds() {
        registry.record(new EndedSession(ISSUER, "sub-alice", "sid-1", SIGNED_IN.minusSeconds(1)));

        assertInstanceOf(WebResult.Proceed.class, flow.handle(request("/secured/page", false, null, alice("sid-1"))));
    }

    @Test
    void handleApiRequestWithAnEndedSessionCookieThenTheBearerTokenAloneDecides() {
        providerEnds(null);

        WebResult.Proceed proceed = assertInstanceOf(WebResult.Proceed.class,
                flow.handle(request("/secured/x", false, "Bearer abc", alice("sid-1"))));

        assertEquals(WebFlow.AUTH_TYPE_BEARER, proceed.authType());
        assertFalse(proceed.session().invalidate());
    }

    @Test
    void handleWithTheCheckOffThenAnEndingIsNotLookedFor() {
        providerEnds("sid-1");
        WebFlow withoutBackchannel = WebFlow.create(new FlowPaths("/cb", "/logout"),
                TestSettings.settings(StubProviderCalls.ISSUER, "portal", "secret"), provider, offlineTokens,
                (key, principal, tokens) -> { }, authorization -> null, SessionEndCheck.off(), clock);

        assertInstanceOf(WebResult.Proceed.class,
                withoutBackchannel.handle(request("/page", false, null, alice("sid-1"))));
        assertEquals(List.of(), offlineTokens.requested);
    }
}
