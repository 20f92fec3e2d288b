package dev.offlineaccess.logout;

import dev.offlineaccess.provider.ProviderEndpoints;
import dev.offlineaccess.session.Sessions;
import dev.offlineaccess.session.StubProviderCalls;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogoutRequestsTest {
    private static final URI ORIGIN = URI.create("https://app.example");
    private final StubProviderCalls provider = new StubProviderCalls();

    @Test
    void postLogoutRedirectWhenUnsetThenTheContextRoot() {
        assertEquals(URI.create("https://app.example/ctx/"),
                new LogoutRequests(provider, null).postLogoutRedirect(ORIGIN, "/ctx"));
        assertEquals(URI.create("https://app.example/"),
                new LogoutRequests(provider, null).postLogoutRedirect(ORIGIN, ""));
    }

    @Test
    void postLogoutRedirectWhenAPathThenUnderTheContext() {
        assertEquals(URI.create("https://app.example/ctx/bye?x=1"),
                new LogoutRequests(provider, "/bye?x=1").postLogoutRedirect(ORIGIN, "/ctx"));
    }

    @Test
    void postLogoutRedirectWhenAnAbsoluteUrlOnThisOriginThenUsed() {
        assertEquals(URI.create("https://APP.example:443/elsewhere"),
                new LogoutRequests(provider, "https://APP.example:443/elsewhere").postLogoutRedirect(ORIGIN, "/ctx"));
    }

    @Test
    void postLogoutRedirectWhenAnotherOriginThenTheContextRootInstead() {
        for (String other : new String[] {"https://evil.example/", "http://app.example/", "https://app.example:8443/",
                "//evil.example/"}) {
            assertEquals(URI.create("https://app.example/ctx/"),
                    new LogoutRequests(provider, other).postLogoutRedirect(ORIGIN, "/ctx"), other);
        }
    }

    @Test
    void afterLogoutSendsOnlyTheIdTokenAsHintWithAFreshState() throws Exception {
        LogoutRequests requests = new LogoutRequests(provider, "/bye");
        URI target = requests.afterLogout(Sessions.offline(Instant.EPOCH), ORIGIN, "/ctx");
        assertTrue(target.toString().startsWith(StubProviderCalls.ISSUER + "/logout"));
        assertEquals(Sessions.ID_TOKEN, provider.lastArguments.get("idTokenHint"));
        assertEquals(URI.create("https://app.example/ctx/bye"), provider.lastArguments.get("postLogoutRedirect"));
        String state = (String) provider.lastArguments.get("state");
        requests.afterLogout(Sessions.offline(Instant.EPOCH), ORIGIN, "/ctx");
        assertNotEquals(state, provider.lastArguments.get("state"));
    }

    @Test
    void afterLogoutWhenTheProviderHasNoEndSessionEndpointThenStraightBack() throws Exception {
        ProviderEndpoints e = StubProviderCalls.endpoints(true);
        provider.endpoints = new ProviderEndpoints(e.issuer(), e.authorizationEndpoint(), e.tokenEndpoint(),
                e.jwksUri(), null, null, null, null, true, false, Set.of(), Set.of(), Set.of());
        assertEquals(URI.create("https://app.example/ctx/"),
                new LogoutRequests(provider, null).afterLogout(Sessions.online(Instant.EPOCH), ORIGIN, "/ctx"));
    }

    @Test
    void csrfMatchesOnlyTheSameToken() {
        assertTrue(LogoutRequests.csrfMatches("abc", "abc"));
        assertFalse(LogoutRequests.csrfMatches("abc", "abd"));
        assertFalse(LogoutRequests.csrfMatches("abc", null));
        assertFalse(LogoutRequests.csrfMatches(null, null));
        assertFalse(LogoutRequests.csrfMatches("abc", ""));
    }
}
