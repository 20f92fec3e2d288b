package dev.offlineaccess.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;

/**
 * One person's browser (HtmlUnit, JavaScript off, redirects followed): opens portal pages, signs in on Keycloak's
 * real login page when the portal sends it there, presses buttons. Cookies are per host name, not per port, so the
 * same browser carries its session from one portal node to another on {@code localhost}.
 *
 * <p>Not thread-safe: one browser per thread. Close it to end the person's visit.
 */
final class Browser implements AutoCloseable {
    private final Portal home;
    private final WebClient client = KeycloakLogin.newWebClient();

    Browser(Portal home) {
        this.home = home;
    }

    /** Opens a page of the home portal. */
    HtmlPage open(String relative) {
        return open(home.url(relative));
    }

    HtmlPage open(URL url) {
        return html(get(url));
    }

    /** Opens a page of the home portal; when the portal sends the browser to Keycloak, signs in as {@code user}. */
    HtmlPage openSignedIn(String relative, String user) {
        return openSignedIn(home.url(relative), user);
    }

    HtmlPage openSignedIn(URL url, String user) {
        Page page = get(url);
        if (KeycloakLogin.isLoginPage(page)) {
            page = KeycloakLogin.signIn(page, user, user);
        }
        return html(page);
    }

    /** Whether opening {@code url} ends on Keycloak's login form (the browser is not signed in there). */
    boolean landsOnLoginForm(URL url) {
        return KeycloakLogin.isLoginPage(get(url));
    }

    /** A GET with {@code Accept: application/json}; returns the response body. */
    Page json(URL url) {
        WebRequest request = new WebRequest(url);
        request.setAdditionalHeader("Accept", "application/json");
        try {
            return client.getPage(request);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url.getPath() + " failed", e);
        }
    }

    /** Signs out through the portal's confirmation page; returns the page the browser ends on. */
    HtmlPage logOut() {
        return click(open("logout"), "oidc-logout");
    }

    /** Clicks the element with this id and returns the page that follows. */
    static HtmlPage click(HtmlPage page, String id) {
        DomElement element = page.getElementById(id);
        assertNotNull(element, () -> "no #" + id + " on " + describe(page));
        try {
            return html(((HtmlElement) element).click());
        } catch (IOException e) {
            throw new UncheckedIOException("clicking #" + id + " failed", e);
        }
    }

    /** The normalized text of the element with this id. */
    static String text(HtmlPage page, String id) {
        DomElement element = page.getElementById(id);
        assertNotNull(element, () -> "no #" + id + " on " + describe(page));
        return element.asNormalizedText();
    }

    static int status(HtmlPage page) {
        return page.getWebResponse().getStatusCode();
    }

    /** Asserts the address bar shows this path and query. */
    static void assertAt(HtmlPage page, String pathAndQuery) {
        assertEquals(pathAndQuery, page.getUrl().getFile(), () -> "at " + describe(page));
    }

    /** Status, path and title: enough to see where a browser is, without a query that may hold a code. */
    static String describe(HtmlPage page) {
        return status(page) + " " + page.getUrl().getPath() + " '" + page.getTitleText() + "': "
                + page.asNormalizedText().replaceAll("\\s+", " ");
    }

    WebClient client() {
        return client;
    }

    private Page get(URL url) {
        try {
            return client.getPage(url);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url.getPath() + " failed", e);
        }
    }

    private static HtmlPage html(Page page) {
        assertInstanceOf(HtmlPage.class, page, () -> "expected an HTML page at " + page.getUrl().getPath()
                + ", got " + page.getWebResponse().getContentType() + " " + page.getWebResponse().getStatusCode());
        return (HtmlPage) page;
    }

    @Override
    public void close() {
        client.close();
    }
}
