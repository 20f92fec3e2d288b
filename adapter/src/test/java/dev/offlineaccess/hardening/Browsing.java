package dev.offlineaccess.hardening;

import dev.offlineaccess.testing.AuthorizationRedirect;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;

import java.io.IOException;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the suites do with a browser against an {@link AdapterUnderTest}, and what they check on its pages. */
final class Browsing {
    private Browsing() {
    }

    static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    /** The value of a {@code key=value} line of the probe's answer, or {@code null}. */
    static String line(Page page, String key) {
        return text(page).lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElse(null);
    }

    /** The {@code Location} the application answers {@code path} with (redirects not followed). */
    static String location(WebClient browser, String url) throws IOException {
        browser.getOptions().setRedirectEnabled(false);
        try {
            String location = browser.getPage(url).getWebResponse().getResponseHeaderValue("Location");
            assertNotNull(location, "no redirect from " + url);
            return location;
        } finally {
            browser.getOptions().setRedirectEnabled(true);
        }
    }

    /** Starts a sign-in at {@code path} in {@code browser} and returns where the provider sends the browser back. */
    static AuthorizationRedirect startSignIn(AdapterUnderTest app, WebClient browser, String path)
            throws IOException {
        return app.op.authorize(URI.create(location(browser, app.url(path))));
    }

    /** Signs {@code browser} in at {@code path} and returns the landing page. */
    static Page signIn(AdapterUnderTest app, WebClient browser, String path) throws IOException {
        Page page = browser.getPage(app.url(path));
        assertEquals(200, page.getWebResponse().getStatusCode(), text(page));
        return page;
    }

    /** Nobody is signed in in {@code browser}: the application sees no principal and the session holds no user. */
    static void assertNotSignedIn(AdapterUnderTest app, WebClient browser) throws IOException {
        Page probe = browser.getPage(app.url("/public/page"));
        assertEquals("anonymous", line(probe, "user"), text(probe));
        assertEquals("false", line(probe, "sessionUser"), text(probe));
    }

    /** The adapter's own page: status, reason, its security headers, and no secret in its body. */
    static void assertAdapterPage(AdapterUnderTest app, Page page, int status, String reason) {
        WebResponse response = page.getWebResponse();
        String body = response.getContentAsString();
        assertEquals(status, response.getStatusCode(), body);
        assertTrue(body.contains("data-reason=\"" + reason + "\""), body);
        assertTrue(response.getContentType().startsWith("text/html"), response.getContentType());
        assertEquals("no-store", response.getResponseHeaderValue("Cache-Control"));
        assertEquals("DENY", response.getResponseHeaderValue("X-Frame-Options"));
        assertTrue(response.getResponseHeaderValue("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("nosniff", response.getResponseHeaderValue("X-Content-Type-Options"));
        assertTrue(app.seen.findIn(body).isEmpty(), () -> "the page shows " + app.seen.findIn(body).orElseThrow());
    }
}
