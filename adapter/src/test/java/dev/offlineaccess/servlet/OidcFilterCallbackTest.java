package dev.offlineaccess.servlet;

import dev.offlineaccess.testing.AuthorizationRedirect;
import dev.offlineaccess.testing.IdTokenFault;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input at the callback and around it: each gives a clear 4xx/5xx page, signs nobody in and stores nothing.
 */
class OidcFilterCallbackTest {
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

    private long storedBefore;

    @BeforeEach
    void countGrants() {
        storedBefore = app.tokens().count();
    }

    @AfterEach
    void heal() {
        app.op.heal();
    }

    private static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    private static String callback(String query) {
        return app.url("/secured/oidc-callback?" + query);
    }

    private static String iss() {
        return "iss=" + URLEncoder.encode(app.op.issuer().toString(), StandardCharsets.UTF_8);
    }

    /** The user's page, the headers of the adapter's pages, and nobody signed in, nothing stored. */
    private void assertFailurePage(WebClient browser, Page page, int status, String reason, String words)
            throws Exception {
        String body = text(page);
        assertEquals(status, page.getWebResponse().getStatusCode(), body);
        assertTrue(body.contains("data-reason=\"" + reason + "\""), body);
        assertTrue(body.contains(words), body);
        assertEquals("no-store", page.getWebResponse().getResponseHeaderValue("Cache-Control"));
        assertEquals("DENY", page.getWebResponse().getResponseHeaderValue("X-Frame-Options"));
        assertTrue(page.getWebResponse().getResponseHeaderValue("Content-Security-Policy")
                .contains("frame-ancestors 'none'"));
        assertTrue(page.getWebResponse().getContentType().startsWith("text/html"));
        assertNotSignedIn(browser);
        assertEquals(storedBefore, app.tokens().count(), "nothing was stored");
    }

    private static void assertNotSignedIn(WebClient browser) throws Exception {
        assertTrue(text(browser.getPage(app.url("/public/page"))).contains("user=anonymous"));
    }

    /** Starts a sign-in in {@code browser} and returns where the provider sends the browser back. */
    private static AuthorizationRedirect startSignIn(WebClient browser, String path) throws Exception {
        browser.getOptions().setRedirectEnabled(false);
        Page page = browser.getPage(app.url(path));
        browser.getOptions().setRedirectEnabled(true);
        return app.op.authorize(URI.create(page.getWebResponse().getResponseHeaderValue("Location")));
    }

    @Test
    void callbackWithoutStateGives400() throws Exception {
        WebClient browser = app.browser();
        assertFailurePage(browser, browser.getPage(callback("code=abc&" + iss())), 400, "MISSING_STATE",
                "does not say which sign-in it belongs to");
    }

    @Test
    void callbackWithWrongStateGives400AndTheRealSignInStillWorks() throws Exception {
        WebClient browser = app.browser();
        AuthorizationRedirect real = startSignIn(browser, "/secured/page");
        assertFailurePage(browser, browser.getPage(callback("state=forged&code=" + real.code() + "&" + iss())), 400,
                "UNKNOWN_STATE", "does not belong to a sign-in started in this browser");
        assertTrue(text(browser.getPage(real.location().toString())).contains("remoteUser=alice"));
    }

    @Test
    void callbackFromAnotherBrowserIsRefused() throws Exception {
        AuthorizationRedirect victims = startSignIn(app.browser(), "/secured/page");
        WebClient attacker = app.browser();
        assertFailurePage(attacker, attacker.getPage(victims.location().toString()), 400, "UNKNOWN_STATE",
                "does not belong");
    }

    @Test
    void accessDeniedGives403WithAClearPage() throws Exception {
        app.op.denyNextLogin();
        WebClient browser = app.browser();
        Page page = browser.getPage(app.url("/secured/page"));
        assertFailurePage(browser, page, 403, "ACCESS_DENIED", "Sign-in was cancelled or access was denied");
        assertTrue(text(page).contains("href=\"/app/secured/page\""), "a link to try again");
    }

    @Test
    void replayedCallbackGives400() throws Exception {
        WebClient browser = app.browser();
        AuthorizationRedirect redirect = startSignIn(browser, "/secured/page");
        assertTrue(text(browser.getPage(redirect.location().toString())).contains("remoteUser=alice"));
        WebClient other = app.browser();
        assertFailurePage(other, other.getPage(redirect.location().toString()), 400, "UNKNOWN_STATE",
                "already used or has expired");
    }

    @Test
    void replayedCodeWithAFreshStateIsRefusedByTheProviderAndGives400() throws Exception {
        WebClient victim = app.browser();
        AuthorizationRedirect used = startSignIn(victim, "/secured/page");
        victim.getPage(used.location().toString());

        WebClient browser = app.browser();
        AuthorizationRedirect fresh = startSignIn(browser, "/secured/page?scope=offline_access");
        Page page = browser.getPage(callback("state=" + fresh.state() + "&code=" + used.code() + "&" + iss()));
        assertFailurePage(browser, page, 400, "CODE_REJECTED", "already used or has expired");
        assertTrue(text(page).contains("invalid_grant"));
    }

    @Test
    void tamperedIdTokenGives502AndStoresNothing() throws Exception {
        app.op.idTokenFault(IdTokenFault.BAD_SIGNATURE);
        app.op.nextLogin("alice");
        WebClient browser = app.browser();
        long before = app.tokens().count();
        Page page = browser.getPage(app.url("/secured/page?scope=offline_access"));
        assertFailurePage(browser, page, 502, "INVALID_ID_TOKEN", "could not be verified");
        assertTrue(text(page).contains("BAD_SIGNATURE"));
        assertEquals(before, app.tokens().count());
    }

    @Test
    void unsignedAlgNoneIdTokenGives502() throws Exception {
        app.op.idTokenFault(IdTokenFault.ALG_NONE);
        WebClient browser = app.browser();
        Page page = browser.getPage(app.url("/secured/page"));
        assertFailurePage(browser, page, 502, "INVALID_ID_TOKEN", "could not be verified");
        assertTrue(text(page).contains("ALG_NOT_ALLOWED"));
    }

    @Test
    void idTokenWithAnotherNonceGives502() throws Exception {
        app.op.idTokenFault(IdTokenFault.WRONG_NONCE);
        WebClient browser = app.browser();
        Page page = browser.getPage(app.url("/secured/page"));
        assertFailurePage(browser, page, 502, "INVALID_ID_TOKEN", "NONCE_MISMATCH");
    }

    @Test
    void callbackIssParameterOfAnotherIssuerGives400() throws Exception {
        app.op.wrongCallbackIssuer(true);
        WebClient browser = app.browser();
        assertFailurePage(browser, browser.getPage(app.url("/secured/page")), 400, "ISSUER_MISMATCH",
                "unexpected identity provider");
    }

    @Test
    void offlineAccessRefusedByTheProviderShowsTheRefusalPageAndStoresNothing() throws Exception {
        app.op.nextLogin("bob");
        WebClient browser = app.browser();
        Page page = browser.getPage(app.url("/secured/page?scope=offline_access"));
        assertFailurePage(browser, page, 403, "OFFLINE_REFUSED", "did not allow offline access");
        assertTrue(text(page).contains("not_allowed"));
        assertTrue(text(page).contains("Continue without offline access"));
        assertTrue(app.tokens().find("bob").isEmpty());
    }

    @Test
    void returnUrlNeverLeavesThisOrigin() throws Exception {
        WebClient browser = app.browser();
        Page landed = browser.getPage(app.url("/secured/page?redirect_uri=https%3A%2F%2Fevil.example%2F"
                + "&return=https%3A%2F%2Fevil.example%2F"));
        assertEquals(app.base().getHost(), landed.getUrl().getHost());
        assertTrue(landed.getUrl().getPath().startsWith("/app/secured/page"));
    }

    @Test
    void providerDownDuringTheCallbackGives503WithRetryAfter() throws Exception {
        WebClient browser = app.browser();
        AuthorizationRedirect redirect = startSignIn(browser, "/secured/page");
        app.op.stop();
        Page page = browser.getPage(redirect.location().toString());
        assertFailurePage(browser, page, 503, "PROVIDER_UNAVAILABLE", "cannot be reached");
        assertEquals("10", page.getWebResponse().getResponseHeaderValue("Retry-After"));
    }

    @Test
    void pagesEscapeWhatTheyShow() throws Exception {
        WebClient browser = app.browser();
        AuthorizationRedirect redirect = startSignIn(browser, "/secured/page");
        Page page = browser.getPage(callback("state=" + redirect.state() + "&error=%3Cb%3Ex&" + iss()));
        String body = text(page);
        assertEquals(400, page.getWebResponse().getStatusCode());
        assertFalse(body.contains("<b>x"), body);
    }
}
