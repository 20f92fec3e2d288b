package dev.offlineaccess.hardening;

import dev.offlineaccess.testing.AuthorizationRedirect;
import dev.offlineaccess.testing.Endpoint;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.offlineaccess.hardening.Browsing.assertAdapterPage;
import static dev.offlineaccess.hardening.Browsing.line;
import static dev.offlineaccess.hardening.Browsing.startSignIn;
import static dev.offlineaccess.hardening.Browsing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-site request forgery against the adapter's only state-changing request (the logout POST), and open-redirect
 * attempts on the return URL after sign-in and on the post-logout redirect. Every adapter page seen here also
 * carries the anti-framing headers ({@code X-Frame-Options: DENY}, CSP {@code frame-ancestors 'none'}).
 */
class CsrfAndRedirectsTest {
    @TempDir
    static Path dir;
    @TempDir
    static Path offSiteDir;
    static AdapterUnderTest app;
    /** Configured with an absolute post-logout redirect on another origin (which the configuration accepts). */
    static AdapterUnderTest offSite;

    @BeforeAll
    static void start() throws Exception {
        app = AdapterUnderTest.start(dir);
        offSite = AdapterUnderTest.builder(offSiteDir)
                .configure(config -> config.put("post-logout-redirect", "https://evil.example/bye")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        offSite.close();
    }

    @Test
    void aLogoutPostWithoutTheSessionsCsrfTokenNeverLogsOut() throws Exception {
        WebClient alice = app.browser();
        app.op.nextLogin("alice");
        assertEquals("alice", line(alice.getPage(app.url("/secured/page?scope=offline_access")), "user"));
        WebClient carol = app.browser();
        app.op.nextLogin("carol");
        carol.getPage(app.url("/secured/page"));
        String carolsToken = csrfOf(carol);
        String alicesToken = csrfOf(alice);

        List<List<NameValuePair>> forged = List.of(List.of(), List.of(new NameValuePair("csrf", "")),
                List.of(new NameValuePair("csrf", "forged")), List.of(new NameValuePair("csrf", carolsToken)),
                List.of(new NameValuePair("csrf", alicesToken.substring(1))),
                List.of(new NameValuePair("csrf", alicesToken + "x")),
                List.of(new NameValuePair("CSRF", alicesToken)),
                List.of(new NameValuePair("csrf", carolsToken), new NameValuePair("csrf", alicesToken)));
        for (List<NameValuePair> form : forged) {
            Page refused = alice.getPage(post(app.url("/secured/logout"), form));
            assertAdapterPage(app, refused, 403, "LOGOUT_REJECTED");
            assertEquals("alice", line(alice.getPage(app.url("/public/page")), "user"), "still signed in: " + form);
        }
        Page get = alice.getPage(app.url("/secured/logout?csrf=" + alicesToken));
        assertAdapterPage(app, get, 200, "LOGOUT_CONFIRM");
        assertEquals("alice", line(alice.getPage(app.url("/public/page")), "user"), "a GET never logs out");
        assertEquals("carol", line(carol.getPage(app.url("/public/page")), "user"), "carol's session untouched");

        Page signedOut = alice.getPage(post(app.url("/secured/logout"), List.of(new NameValuePair("csrf",
                alicesToken))));
        assertTrue(signedOut.getUrl().toString().startsWith(app.url("/")), signedOut.getUrl().toString());
        assertEquals("anonymous", line(alice.getPage(app.url("/public/page")), "user"));
        assertTrue(app.tokens().find("alice").orElseThrow().isActive(), "the offline grant survives logout");
    }

    @Test
    void aSignedOutBrowserGetsAHarmlessPageFromTheLogoutPath() throws Exception {
        WebClient browser = app.browser();
        assertAdapterPage(app, browser.getPage(post(app.url("/secured/logout"), List.of())), 200, "SIGNED_OUT");
        assertAdapterPage(app, browser.getPage(app.url("/secured/logout")), 200, "SIGNED_OUT");
    }

    /** Paths (below the context) and queries that try to make the post-sign-in redirect leave this origin. */
    @ParameterizedTest
    @ValueSource(strings = {"/secured//evil.example/x", "/secured/%2F%2Fevil.example", "/secured/%5Cevil.example",
        "/secured/%5C%5Cevil.example/x", "/secured/page?next=https://evil.example/&return=//evil.example",
        "/secured/page?redirect_uri=https%3A%2F%2Fevil.example&url=%2F%2Fevil.example",
        "/secured/page?x=%0d%0aLocation:%20https://evil.example", "/secured/page?x=%09//evil.example",
        "/secured/page/..%2F..%2F..%2Fevil", "/secured/page?scope=offline_access&prompt=login&return=/\\evil",
        "/secured/@evil.example", "/secured/page;jsessionid=x?//evil.example"})
    void afterSignInTheRedirectStaysOnThisOrigin(String attempt) throws Exception {
        WebClient browser = app.browser();
        browser.getOptions().setRedirectEnabled(false);
        Page first = browser.getPage(app.url(attempt));
        int status = first.getWebResponse().getStatusCode();
        if (status != 302) {
            assertTrue(status == 400 || status == 404, "the container refused it: " + status);
            return;
        }
        AuthorizationRedirect back = app.op.authorize(URI.create(first.getWebResponse()
                .getResponseHeaderValue("Location")));
        String target = browser.getPage(back.location().toString()).getWebResponse()
                .getResponseHeaderValue("Location");
        assertTrue(target.startsWith("/app/") || target.startsWith(app.base().toString() + "/"), target);
        URI resolved = app.base().resolve(target);
        assertEquals(app.base().getHost(), resolved.getHost(), target);
        assertEquals(app.base().getPort(), resolved.getPort(), target);
        assertFalse(target.contains("\r") || target.contains("\n") || target.contains("\t"), target);
    }

    @Test
    void aSignInCallbackCannotBeUsedToRedirectAnywhere() throws Exception {
        WebClient browser = app.browser();
        AuthorizationRedirect back = startSignIn(app, browser, "/secured/page");
        browser.getOptions().setRedirectEnabled(false);
        String target = browser.getPage(back.location() + "&redirect_uri=https%3A%2F%2Fevil.example"
                + "&return_to=%2F%2Fevil.example&next=https://evil.example").getWebResponse()
                .getResponseHeaderValue("Location");
        assertEquals("/app/secured/page", target);
    }

    @Test
    void aPostLogoutRedirectOnAnotherOriginIsReplacedByTheContextRoot() throws Exception {
        WebClient browser = offSite.browser();
        assertEquals("alice", line(browser.getPage(offSite.url("/secured/page")), "user"));
        HtmlPage confirm = (HtmlPage) browser.getPage(offSite.url("/secured/logout"));
        assertAdapterPage(offSite, confirm, 200, "LOGOUT_CONFIRM");
        Page after = confirm.getHtmlElementById("oidc-logout").click();

        String sent = offSite.op.lastRequest(Endpoint.END_SESSION).orElseThrow().param("post_logout_redirect_uri");
        assertEquals(offSite.url("/"), sent);
        assertEquals(offSite.base().getHost(), after.getUrl().getHost());
        assertFalse(text(after).contains("evil.example"));
    }

    @Test
    void aLogoutRequestCannotChooseWhereTheProviderSendsTheBrowserAfterwards() throws Exception {
        WebClient browser = app.browser();
        assertEquals("alice", line(browser.getPage(app.url("/secured/page")), "user"));
        String token = csrfOf(browser);
        Page after = browser.getPage(post(app.url("/secured/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example"
                + "&redirect=%2F%2Fevil.example"), List.of(new NameValuePair("csrf", token),
                new NameValuePair("post_logout_redirect_uri", "https://evil.example/"),
                new NameValuePair("state", "attacker"))));

        Map<String, String> sent = app.op.lastRequest(Endpoint.END_SESSION).orElseThrow().params();
        assertEquals(app.url("/"), sent.get("post_logout_redirect_uri"));
        assertFalse("attacker".equals(sent.get("state")), "the state is the adapter's own");
        assertEquals(app.base().getHost(), after.getUrl().getHost());
    }

    private static String csrfOf(WebClient browser) throws Exception {
        HtmlPage confirm = (HtmlPage) browser.getPage(app.url("/secured/logout"));
        assertAdapterPage(app, confirm, 200, "LOGOUT_CONFIRM");
        return confirm.getElementByName("csrf").getAttribute("value");
    }

    private static WebRequest post(String url, List<NameValuePair> form) throws Exception {
        WebRequest request = new WebRequest(new URL(url), HttpMethod.POST);
        request.setRequestParameters(form);
        return request;
    }
}
