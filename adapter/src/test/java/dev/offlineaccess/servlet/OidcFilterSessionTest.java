package dev.offlineaccess.servlet;

import dev.offlineaccess.testing.AuthorizationRedirect;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.RecordedRequest;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A signed-in session over time: several tabs, renewal, logout, API and JSON clients. */
class OidcFilterSessionTest {
    @TempDir
    static Path dir;
    static FilterHarness app;

    @BeforeAll
    static void start() throws Exception {
        app = FilterHarness.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @AfterEach
    void heal() {
        app.op.heal();
        app.op.rotation(false);
    }

    private static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    private static String line(Page page, String key) {
        return text(page).lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElse(null);
    }

    private static String location(WebClient browser, String path) throws Exception {
        browser.getOptions().setRedirectEnabled(false);
        try {
            return browser.getPage(app.url(path)).getWebResponse().getResponseHeaderValue("Location");
        } finally {
            browser.getOptions().setRedirectEnabled(true);
        }
    }

    @Test
    void twoTabsSigningInAtOnceBothSucceedAndEachReturnsToItsPage() throws Exception {
        WebClient browser = app.browser();
        AuthorizationRedirect tabA = app.op.authorize(URI.create(location(browser, "/secured/a")));
        AuthorizationRedirect tabB = app.op.authorize(URI.create(location(browser, "/secured/b")));
        Page b = browser.getPage(tabB.location().toString());
        assertEquals(app.url("/secured/b"), b.getUrl().toString());
        assertEquals("alice", line(b, "remoteUser"));
        Page a = browser.getPage(tabA.location().toString());
        assertEquals(app.url("/secured/a"), a.getUrl().toString());
        assertEquals("alice", line(a, "remoteUser"));
    }

    @Test
    void onlineSessionIsRenewedWithItsRefreshTokenWhenTheAccessTokenExpires() throws Exception {
        app.op.nextLogin("alice");
        WebClient browser = app.browser();
        Page first = browser.getPage(app.url("/secured/page"));
        String expiry = line(first, "accessTokenExpiresAt");
        long refreshes = app.op.refreshCount("alice");
        String session = FilterHarness.sessionId(browser);

        assertEquals(expiry, line(browser.getPage(app.url("/secured/page")), "accessTokenExpiresAt"));
        assertEquals(refreshes, app.op.refreshCount("alice"), "a valid token is not renewed");

        app.clock.advance(Duration.ofMinutes(5));
        Page later = browser.getPage(app.url("/secured/page"));
        assertEquals("alice", line(later, "remoteUser"));
        assertNotEquals(expiry, line(later, "accessTokenExpiresAt"));
        assertEquals(refreshes + 1, app.op.refreshCount("alice"));
        assertEquals(session, FilterHarness.sessionId(browser), "same session, renewed tokens");
    }

    @Test
    void failedRenewalEndsTheSessionAndSignsTheUserInAgain() throws Exception {
        app.op.nextLogin("alice");
        WebClient browser = app.browser();
        browser.getPage(app.url("/secured/page"));
        String session = FilterHarness.sessionId(browser);
        long logins = app.op.requestCount(Endpoint.AUTHORIZATION);
        app.op.logoutUser("alice");
        app.clock.advance(Duration.ofMinutes(5));
        Page again = browser.getPage(app.url("/secured/page"));
        assertEquals("alice", line(again, "remoteUser"));
        assertEquals(logins + 1, app.op.requestCount(Endpoint.AUTHORIZATION), "a new sign-in ran");
        assertNotEquals(session, FilterHarness.sessionId(browser));
    }

    @Test
    void offlineSessionIsRenewedThroughTheTokenServiceSharingOneRefreshTokenChain() throws Exception {
        app.op.rotation(true);
        app.op.nextLogin("alice");
        WebClient browser = app.browser();
        Page first = browser.getPage(app.url("/secured/page?scope=offline_access"));
        assertEquals("true", line(first, "offline"));
        int offlineSessions = app.op.offlineSessionCount("alice");
        long failedRefreshes = app.op.failedRefreshCount();

        app.clock.advance(Duration.ofMinutes(5));
        assertTrue(app.tokens().accessToken("alice").expiresAt().isAfter(app.clock.instant()),
                "a background task renews first");
        Page renewed = browser.getPage(app.url("/secured/page"));
        assertEquals("alice", line(renewed, "remoteUser"));
        assertNotEquals(line(first, "accessTokenExpiresAt"), line(renewed, "accessTokenExpiresAt"));

        app.clock.advance(Duration.ofMinutes(5));
        assertEquals("alice", line(browser.getPage(app.url("/secured/page")), "remoteUser"),
                "the session renews first this time");
        assertTrue(app.tokens().accessToken("alice").expiresAt().isAfter(app.clock.instant()));
        assertEquals(offlineSessions, app.op.offlineSessionCount("alice"),
                "with rotation on, no replay killed the grant");
        assertEquals(failedRefreshes, app.op.failedRefreshCount());
    }

    @Test
    void logoutGetShowsAConfirmationAndThePostEndsBothSessionsButTheOfflineGrantSurvives() throws Exception {
        app.op.nextLogin("alice");
        WebClient browser = app.browser();
        browser.getPage(app.url("/secured/page?scope=offline_access"));
        Page confirm = browser.getPage(app.url("/secured/logout"));
        assertEquals(200, confirm.getWebResponse().getStatusCode());
        assertEquals("no-store", confirm.getWebResponse().getResponseHeaderValue("Cache-Control"));
        assertTrue(text(confirm).contains("name=\"csrf\""), text(confirm));
        assertTrue(text(browser.getPage(app.url("/public/page"))).contains("user=alice"), "GET does not log out");

        Page after = ((HtmlPage) confirm).getHtmlElementById("oidc-logout").click();
        assertTrue(after.getUrl().toString().startsWith(app.url("/?state=")), after.getUrl().toString());
        assertTrue(text(browser.getPage(app.url("/public/page"))).contains("user=anonymous"));
        RecordedRequest endSession = app.op.lastRequest(Endpoint.END_SESSION).orElseThrow();
        assertTrue(endSession.params().containsKey("id_token_hint"));
        assertEquals(app.url("/"), endSession.param("post_logout_redirect_uri"));
        assertTrue(endSession.params().containsKey("state"));
        assertNull(endSession.param("refresh_token"), "the offline token is never sent to the logout endpoint");
        assertTrue(app.tokens().find("alice").orElseThrow().isActive());
        assertTrue(app.tokens().accessToken("alice").expiresAt().isAfter(app.clock.instant()),
                "background tasks still act for alice");
    }

    @Test
    void logoutPostWithoutOrWithAWrongCsrfTokenIsRefusedAndTheUserStaysSignedIn() throws Exception {
        WebClient browser = app.browser();
        browser.getPage(app.url("/secured/page"));
        for (List<NameValuePair> form : List.of(List.<NameValuePair>of(), List.of(new NameValuePair("csrf", "x")))) {
            WebRequest post = new WebRequest(new URL(app.url("/secured/logout")), HttpMethod.POST);
            post.setRequestParameters(form);
            Page refused = browser.getPage(post);
            assertEquals(403, refused.getWebResponse().getStatusCode());
            assertTrue(text(refused).contains("data-reason=\"LOGOUT_REJECTED\""), text(refused));
            assertTrue(text(browser.getPage(app.url("/public/page"))).contains("user=alice"));
        }
    }

    @Test
    void jsonClientsGet401WithAChallengeInsteadOfARedirect() throws Exception {
        WebClient browser = app.browser();
        for (String[] header : new String[][] {{"Accept", "application/json"},
                {"X-Requested-With", "XMLHttpRequest"}}) {
            WebRequest request = new WebRequest(new URL(app.url("/secured/data")));
            request.setAdditionalHeader(header[0], header[1]);
            Page page = browser.getPage(request);
            assertEquals(401, page.getWebResponse().getStatusCode());
            assertTrue(page.getWebResponse().getResponseHeaderValue("WWW-Authenticate").startsWith("Bearer realm="));
            assertTrue(page.getWebResponse().getContentType().startsWith("application/json"));
            assertNull(FilterHarness.sessionId(browser), "no session for a refused API call");
        }
    }

    @Test
    void bearerTokensAuthenticateApiRequestsAndBadOnesGetRfc6750Challenges() throws Exception {
        WebClient client = app.browser();
        WebRequest request = new WebRequest(new URL(app.url("/secured/api/customers")));
        request.setAdditionalHeader("Authorization", "Bearer " + app.op.accessTokenFor("alice"));
        Page page = client.getPage(request);
        assertEquals(200, page.getWebResponse().getStatusCode(), text(page));
        assertEquals("alice", line(page, "remoteUser"));
        assertEquals("BEARER", line(page, "authType"));
        assertNull(FilterHarness.sessionId(client), "bearer requests create no session");

        Page missing = client.getPage(app.url("/secured/api/customers"));
        assertEquals(401, missing.getWebResponse().getStatusCode());
        WebRequest bad = new WebRequest(new URL(app.url("/secured/api/customers")));
        bad.setAdditionalHeader("Authorization", "Bearer not.a.token");
        Page refused = client.getPage(bad);
        assertEquals(401, refused.getWebResponse().getStatusCode());
        assertTrue(refused.getWebResponse().getResponseHeaderValue("WWW-Authenticate")
                .contains("error=\"invalid_token\""));
    }

    @Test
    void signedInOnlineUserAskingForOfflineAccessGetsIt() throws Exception {
        app.op.nextLogin("alice");
        app.tokens().forget("alice");
        WebClient browser = app.browser();
        assertEquals("false", line(browser.getPage(app.url("/secured/page")), "offline"));
        app.op.nextLogin("alice");
        Page upgraded = browser.getPage(app.url("/secured/page?scope=offline_access"));
        assertEquals("true", line(upgraded, "offline"));
        assertTrue(app.tokens().find("alice").isPresent());
        assertFalse(upgraded.getUrl().toString().contains("scope="));
    }
}
