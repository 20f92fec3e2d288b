package dev.offlineaccess.hardening;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import static dev.offlineaccess.hardening.Browsing.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session cookie and the redirect URI over plain http, over https (Jetty with a self-signed certificate made at
 * test time), and behind a TLS-terminating proxy: with Jetty's {@code ForwardedRequestCustomizer} the proxy's
 * {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} are honoured (Secure cookie, https redirect URI); without it, the
 * same headers sent by anybody change nothing. The adapter has no forwarded-headers switch of its own on purpose:
 * which proxy to trust is the container's decision.
 */
class TransportAndCookiesTest {
    @TempDir
    Path dir;

    @Test
    void overPlainHttpTheSessionCookieIsHttpOnlyAndSameSiteLaxButNotSecure() throws Exception {
        try (AdapterUnderTest app = AdapterUnderTest.start(dir)) {
            WebClient browser = app.browser();
            String cookie = sessionCookieOfTheSignInRedirect(browser, app.url("/secured/page"));
            assertTrue(has(cookie, "HttpOnly"), cookie);
            assertTrue(has(cookie, "SameSite=Lax"), cookie);
            assertFalse(has(cookie, "Secure"), cookie);
            assertEquals("alice", line(browser.getPage(app.url("/secured/page")), "user"), "Lax keeps the callback");
        }
    }

    @Test
    void overHttpsTheSessionCookieIsSecureHttpOnlySameSiteAndTheWholeSignInWorks() throws Exception {
        try (AdapterUnderTest app = AdapterUnderTest.builder(dir).tls().start()) {
            assertEquals("https", app.base().getScheme());
            WebClient browser = app.browser();
            String location = redirectOf(browser, app.url("/secured/page?scope=offline_access"));
            assertTrue(redirectUri(location).startsWith("https://127.0.0.1:"), location);
            String cookie = sessionCookie(browser, app.url("/secured/page"));
            assertTrue(has(cookie, "Secure") && has(cookie, "HttpOnly") && has(cookie, "SameSite=Lax"), cookie);

            Page landed = browser.getPage(app.url("/secured/page?scope=offline_access"));
            assertEquals("alice", line(landed, "user"));
            assertEquals("true", line(landed, "secure"));
            assertEquals("true", line(landed, "offline"));
            String signedIn = browser.getCookieManager().getCookie("JSESSIONID").toString();
            assertTrue(browser.getCookieManager().getCookie("JSESSIONID").isSecure(), signedIn);
        }
    }

    @Test
    void behindATrustedTlsProxyTheForwardedSchemeAndHostAreUsedAndTheCookieIsSecure() throws Exception {
        try (AdapterUnderTest app = AdapterUnderTest.builder(dir).forwardedHeaders().start()) {
            WebClient browser = app.browser();
            WebResponse response = viaProxy(browser, app.url("/secured/page"));
            String location = response.getResponseHeaderValue("Location");
            assertEquals("https://portal.example/app/secured/oidc-callback", redirectUri(location));
            String cookie = response.getResponseHeaderValue("Set-Cookie");
            assertTrue(has(cookie, "Secure") && has(cookie, "HttpOnly") && has(cookie, "SameSite=Lax"), cookie);
        }
    }

    @Test
    void withoutTheForwardedCustomizerTheSameHeadersFromAnybodyChangeNothing() throws Exception {
        try (AdapterUnderTest app = AdapterUnderTest.start(dir)) {
            WebResponse response = viaProxy(app.browser(), app.url("/secured/page"));
            String location = response.getResponseHeaderValue("Location");
            assertTrue(redirectUri(location).startsWith("http://127.0.0.1:"), location);
            assertFalse(has(response.getResponseHeaderValue("Set-Cookie"), "Secure"));
        }
    }

    private static WebResponse viaProxy(WebClient browser, String url) throws Exception {
        WebRequest request = new WebRequest(new URL(url));
        request.setAdditionalHeader("X-Forwarded-Proto", "https");
        request.setAdditionalHeader("X-Forwarded-Host", "portal.example");
        request.setAdditionalHeader("X-Forwarded-For", "203.0.113.7");
        browser.getOptions().setRedirectEnabled(false);
        try {
            WebResponse response = browser.getPage(request).getWebResponse();
            assertEquals(302, response.getStatusCode());
            return response;
        } finally {
            browser.getOptions().setRedirectEnabled(true);
        }
    }

    private static String sessionCookieOfTheSignInRedirect(WebClient browser, String url) throws Exception {
        return sessionCookie(browser, url);
    }

    /** The {@code Set-Cookie} of the session on the first answer (the sign-in redirect stores the pending login). */
    private static String sessionCookie(WebClient fresh, String url) throws Exception {
        WebClient browser = new WebClient(fresh.getBrowserVersion());
        browser.getOptions().setUseInsecureSSL(true);
        browser.getOptions().setRedirectEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        try (browser) {
            WebResponse response = browser.getPage(url).getWebResponse();
            String cookie = response.getResponseHeaders().stream()
                    .filter(h -> h.getName().equalsIgnoreCase("Set-Cookie") && h.getValue().startsWith("JSESSIONID"))
                    .map(h -> h.getValue()).findFirst().orElse(null);
            assertNotNull(cookie, "the sign-in redirect sets the session cookie");
            return cookie;
        }
    }

    private static String redirectOf(WebClient browser, String url) throws Exception {
        return Browsing.location(browser, url);
    }

    private static String redirectUri(String authorizationRequest) {
        for (String pair : URI.create(authorizationRequest).getRawQuery().split("&")) {
            if (pair.startsWith("redirect_uri=")) {
                return URLDecoder.decode(pair.substring("redirect_uri=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no redirect_uri in " + authorizationRequest);
    }

    private static boolean has(String cookie, String attribute) {
        if (cookie == null) {
            return false;
        }
        for (String part : cookie.split(";")) {
            if (part.strip().toLowerCase(Locale.ROOT).equals(attribute.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
