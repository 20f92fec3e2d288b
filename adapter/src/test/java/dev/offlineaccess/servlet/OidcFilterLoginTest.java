package dev.offlineaccess.servlet;

import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.tokens.GrantInfo;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing in through the real filter, the fake provider and a browser: the paths that succeed. */
class OidcFilterLoginTest {
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

    static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    @Test
    void signInRotatesTheSessionIdAndTheApplicationSeesPrincipalRolesAndClaims() throws Exception {
        WebClient browser = app.browser();
        browser.getOptions().setRedirectEnabled(false);
        Page first = browser.getPage(app.url("/secured/page?tab=2"));
        assertEquals(302, first.getWebResponse().getStatusCode());
        assertTrue(first.getWebResponse().getResponseHeaderValue("Location").startsWith(app.op.issuer().toString()));
        String before = FilterHarness.sessionId(browser);
        assertNotNull(before, "the pending sign-in lives in a session");

        browser.getOptions().setRedirectEnabled(true);
        Page landed = browser.getPage(first.getWebResponse().getResponseHeaderValue("Location"));
        String body = text(landed);
        assertEquals(200, landed.getWebResponse().getStatusCode(), body);
        assertEquals(app.url("/secured/page?tab=2"), landed.getUrl().toString());
        assertTrue(body.contains("remoteUser=alice"), body);
        assertTrue(body.contains("authType=OIDC"), body);
        assertTrue(body.contains("isUserInRole(user)=true"), body);
        assertTrue(body.contains("principal=true"), body);
        assertTrue(body.contains("roles=[customer, default-roles-test, offline_access, user]"), body);
        assertTrue(body.contains("email=alice@example.test"), body);
        assertTrue(body.contains("offline=false"), body);
        assertNotEquals(before, FilterHarness.sessionId(browser), "the session id changes at sign-in");
        assertTrue(FilterHarness.sessionCookie(browser).isHttpOnly());
    }

    @Test
    void signedInUserIsSeenOnPagesOutsideTheMappingToo() throws Exception {
        WebClient browser = app.browser();
        browser.getPage(app.url("/secured/page"));
        String body = text(browser.getPage(app.url("/public/page")));
        assertTrue(body.contains("user=alice"), body);
        assertTrue(body.contains("remoteUser=null"), "the container's principal is only set behind the filter");
    }

    @Test
    void returnUrlIsTheRequestedOneWithoutLoginParameters() throws Exception {
        WebClient browser = app.browser();
        Page landed = browser.getPage(app.url("/secured/report?year=2026&prompt=login&login_hint=alice"
                + "&max_age=600&ui_locales=de&x=%C3%A9"));
        assertEquals(app.url("/secured/report?year=2026&x=%C3%A9"), landed.getUrl().toString());
        assertEquals("login", app.op.lastRequest(Endpoint.AUTHORIZATION).orElseThrow().param("prompt"));
        assertEquals("alice", app.op.lastRequest(Endpoint.AUTHORIZATION).orElseThrow().param("login_hint"));
        assertEquals("600", app.op.lastRequest(Endpoint.AUTHORIZATION).orElseThrow().param("max_age"));
        assertEquals("de", app.op.lastRequest(Endpoint.AUTHORIZATION).orElseThrow().param("ui_locales"));
    }

    @Test
    void offlineAccessOnDemandReachesTheStoreAsARealOfflineGrant() throws Exception {
        app.op.nextLogin("alice");
        WebClient browser = app.browser();
        Page landed = browser.getPage(app.url("/secured/page?scope=offline_access"));
        String body = text(landed);
        assertTrue(body.contains("offline=true"), body);
        assertEquals(app.url("/secured/page"), landed.getUrl().toString());
        String scope = app.op.lastRequest(Endpoint.AUTHORIZATION).orElseThrow().param("scope");
        assertTrue(scope.contains("offline_access") && scope.contains("openid"), scope);
        GrantInfo grant = app.tokens().find("alice").orElseThrow();
        assertTrue(grant.scopes().contains("offline_access"));
        assertTrue(grant.isActive());
        assertEquals(1, app.op.offlineSessionCount("alice"));
        assertNotNull(app.tokens().accessToken("alice").value(), "the stored token really refreshes");
    }
}
