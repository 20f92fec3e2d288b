package dev.offlineaccess.arquillian;

import static dev.offlineaccess.arquillian.Browser.assertAt;
import static dev.offlineaccess.arquillian.Browser.click;
import static dev.offlineaccess.arquillian.Browser.status;
import static dev.offlineaccess.arquillian.Browser.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.arquillian.StoredRows.BackupRow;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.net.URL;
import java.util.Map;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenarios 6 and 7: no offline grant comes into being — because Keycloak refuses it (a user without the
 * {@code offline_access} role, like the realm's {@code bob}), or because the user signs in without asking for it —
 * so nothing is stored, and the backup says so for a user it knows.
 */
@ExtendWith({KeycloakServer.class, PortalEnvironment.class, ArquillianExtension.class})
class WithoutOfflineAccessIT {
    private static KeycloakUsers users;
    private static String admin;

    @ArquillianResource
    private URL deployed;

    private Portal portal;
    private StoredRows rows;

    @Deployment(testable = false)
    static WebArchive portal() {
        return PortalWar.asBuilt();
    }

    @BeforeAll
    static void realmUsers() {
        users = KeycloakUsers.in(DemoRealms.DEMO);
        admin = users.create("admin", KeycloakUsers.USER, KeycloakUsers.ADMIN);
    }

    @AfterAll
    static void deleteUsers() {
        users.close();
    }

    @BeforeEach
    void addressAndRows() {
        portal = Portal.at(deployed);
        rows = StoredRows.ofDeployedPortal();
    }

    @Test
    void aUserWhoMayNotHaveOfflineAccessSeesAClearPageAndNothingIsStored() {
        String bob = users.create("bob", KeycloakUsers.USER);
        try (Browser browser = new Browser(portal)) {
            HtmlPage refused = browser.openSignedIn("customers?scope=offline_access", bob);
            assertEquals(403, status(refused));
            assertEquals("Offline access not allowed", refused.getTitleText());
            assertTrue(text(refused, "oidc-explanation").contains("did not allow offline access"),
                    text(refused, "oidc-explanation"));
            assertEquals("Continue without offline access", text(refused, "oidc-link"));
            assertTrue(rows.grant(bob).isEmpty(), "no grant stored for bob");
            assertTrue(users.admin().offlineSessions(bob, DemoRealms.CLIENT_ID).isEmpty(),
                    "Keycloak holds no offline session for bob");
            assertNull(browser.open("").getElementById("user"), "bob is not signed in after the refusal");

            HtmlPage customers = browser.openSignedIn(portal.url("customers"), bob);
            assertAt(customers, portal.path("customers"));
            assertEquals(bob, text(customers, "name"), "bob can still use the portal without offline access");
            assertTrue(text(browser.open("offline"), "status").contains("does not hold offline access"));
        }
        assertTrue(rows.grant(bob).isEmpty(), "still no grant stored for bob");

        HtmlPage backups = runBackup();
        assertEquals("NO_OFFLINE_ACCESS", BackupConsole.outcome(backups, bob));
        assertEquals("NO_OFFLINE_ACCESS", rows.latestBackup(bob).outcome());
    }

    @Test
    void aPlainSignInStoresNothingAndTheBackupSkipsTheUserSayingWhy() {
        String dave = users.create("dave", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        try (Browser browser = new Browser(portal)) {
            HtmlPage login = click(browser.open(""), "login");
            HtmlPage customers = (HtmlPage) KeycloakLogin.signIn(login, dave, dave);
            assertAt(customers, portal.path("customers"));
            assertEquals(dave, text(customers, "name"));
            HtmlPage offline = browser.open("offline");
            assertTrue(text(offline, "status").contains("does not hold offline access"), text(offline, "status"));
            assertEquals(portal.path("customers"), offline.getAnchorByText("Grant offline access").getHrefAttribute()
                    .replace("?scope=offline_access", ""));
            Journeys.signOut(browser, portal);
        }
        assertTrue(rows.grant(dave).isEmpty(), "a plain sign-in stores no grant");
        assertTrue(users.admin().offlineSessions(dave, DemoRealms.CLIENT_ID).isEmpty(),
                "Keycloak issued no offline token");

        HtmlPage backups = runBackup();
        assertEquals("NO_OFFLINE_ACCESS", BackupConsole.outcome(backups, dave));
        assertEquals("The user has not granted offline access", BackupConsole.cell(backups, dave, "reason"));
        assertEquals("0", BackupConsole.cell(backups, dave, "count"));
        BackupRow run = rows.latestBackup(dave);
        assertEquals("NO_OFFLINE_ACCESS", run.outcome(), run::toString);
        assertEquals("The user has not granted offline access", run.reason());
        assertNull(run.snapshot(), "nothing was fetched");
        Map<String, Object> json = jsonOf(dave);
        assertEquals("no_offline_access", json.get("outcome"));
    }

    private HtmlPage runBackup() {
        try (BackupConsole console = new BackupConsole(portal, admin)) {
            return console.runBackup();
        }
    }

    private Map<String, Object> jsonOf(String user) {
        try (BackupConsole console = new BackupConsole(portal, admin)) {
            return console.json().get(user);
        }
    }
}
