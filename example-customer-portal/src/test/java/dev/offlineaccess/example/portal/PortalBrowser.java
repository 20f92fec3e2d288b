package dev.offlineaccess.example.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import java.io.IOException;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;

/** One user's browser on the portal: sign in through Keycloak's real login page, follow links, press buttons. */
final class PortalBrowser implements AutoCloseable {
    private final RunningPortal portal;
    private final WebClient client = KeycloakLogin.newWebClient();

    PortalBrowser(RunningPortal portal) {
        this.portal = portal;
    }

    /** Opens a portal page; when the filter sends the browser to Keycloak, signs in as {@code user}. */
    HtmlPage openSignedIn(String relative, String user) throws IOException {
        Page page = client.getPage(portal.url(relative));
        if (KeycloakLogin.isLoginPage(page)) {
            page = KeycloakLogin.signIn(page, user, user);
        }
        Page result = page;
        assertTrue(result instanceof HtmlPage, () -> "expected an HTML page, got "
                + result.getWebResponse().getContentType());
        return (HtmlPage) result;
    }

    HtmlPage open(String relative) throws IOException {
        return client.getPage(portal.url(relative));
    }

    /** Clicks the element with this id and returns the page that follows. */
    static HtmlPage click(HtmlPage page, String id) throws IOException {
        return page.getHtmlElementById(id).click();
    }

    static int status(HtmlPage page) {
        return page.getWebResponse().getStatusCode();
    }

    static String text(HtmlPage page, String id) {
        return page.getHtmlElementById(id).asNormalizedText();
    }

    static void assertAt(HtmlPage page, String pathAndQuery) {
        assertEquals(pathAndQuery, page.getUrl().getFile(), () -> "at " + page.getUrl());
    }

    WebClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
