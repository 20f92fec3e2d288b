package dev.offlineaccess.arquillian;

import static dev.offlineaccess.arquillian.Browser.assertAt;
import static dev.offlineaccess.arquillian.Browser.click;
import static dev.offlineaccess.arquillian.Browser.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import org.htmlunit.html.HtmlPage;

/** The steps a person takes again and again in these scenarios, with the checks that each step worked. */
final class Journeys {
    private Journeys() {
    }

    /**
     * {@code user} opens the home page, follows "Log in with offline access", signs in at Keycloak and lands on
     * their customers; returns that page. The browser stays signed in.
     */
    static HtmlPage signInWithOfflineAccess(Browser browser, Portal portal, String user) {
        HtmlPage login = click(browser.open(""), "login-offline");
        HtmlPage customers = (HtmlPage) KeycloakLogin.signIn(login, user, user);
        assertAt(customers, portal.path("customers"));
        assertEquals(user, text(customers, "name"));
        assertEquals("active", text(browser.open("offline"), "status"), "the portal holds offline access now");
        return customers;
    }

    /** Signs out through the confirmation page and checks that nobody is signed in afterwards. */
    static void signOut(Browser browser, Portal portal) {
        HtmlPage signedOut = browser.logOut();
        assertEquals(portal.path(""), signedOut.getUrl().getPath(), "back on the home page after logout");
        assertNull(signedOut.getElementById("user"), "nobody is signed in after logout");
    }

    /** In a browser of their own: {@code user} grants offline access and signs out again. */
    static void grantOfflineAccessAndLeave(Portal portal, String user, StoredRows rows) {
        try (Browser browser = new Browser(portal)) {
            signInWithOfflineAccess(browser, portal, user);
            signOut(browser, portal);
        }
        assertTrue(rows.requireGrant(user).active(), "the grant is stored and active");
    }
}
