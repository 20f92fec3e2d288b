package dev.offlineaccess.arquillian;

import static dev.offlineaccess.arquillian.Browser.assertAt;
import static dev.offlineaccess.arquillian.Browser.click;
import static dev.offlineaccess.arquillian.Browser.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.arquillian.StoredRows.BackupRow;
import dev.offlineaccess.arquillian.StoredRows.GrantRow;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.net.URL;
import java.time.Instant;
import java.util.Map;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1, the seeds' flow, on the WAR as built: a user signs in with {@code ?scope=offline_access}, signs out,
 * and the backup that runs while they are away still fetches their customers with a fresh access token.
 */
@ExtendWith({KeycloakServer.class, PortalEnvironment.class, ArquillianExtension.class})
class OfflineBackupAfterLogoutIT {
    private static KeycloakUsers users;

    @ArquillianResource
    private URL deployed;

    @Deployment(testable = false)
    static WebArchive portal() {
        return PortalWar.asBuilt();
    }

    @BeforeAll
    static void realmUsers() {
        users = KeycloakUsers.in(DemoRealms.DEMO);
    }

    @AfterAll
    static void deleteUsers() {
        users.close();
    }

    @Test
    void aUserWhoGrantedOfflineAccessAndSignedOutIsBackedUpWhileAway() {
        Portal portal = Portal.at(deployed);
        String alice = users.create("alice", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        String admin = users.create("admin", KeycloakUsers.USER, KeycloakUsers.ADMIN);
        StoredRows rows = StoredRows.ofDeployedPortal();
        Instant start = Instant.now();

        try (Browser browser = new Browser(portal)) {
            HtmlPage login = click(browser.open(""), "login-offline");
            HtmlPage customers = (HtmlPage) KeycloakLogin.signIn(login, alice, alice);
            assertAt(customers, portal.path("customers"));
            assertEquals(alice, text(customers, "name"));
            assertTrue(text(customers, "customers").contains("Acme Anvils"));

            HtmlPage offline = browser.open("offline");
            assertEquals("active", text(offline, "status"));
            assertTrue(text(offline, "scopes").contains("offline_access"));
            assertFalse(offline.asXml().contains("eyJ"), "the page must never show a token");

            GrantRow grant = rows.requireGrant(alice);
            assertTrue(grant.active(), grant::toString);
            assertTrue(grant.scopes().contains("offline_access"), grant.scopes());
            assertFalse(grant.sealedRefreshToken().contains("eyJ"), "the stored token must be encrypted");

            HtmlPage signedOut = browser.logOut();
            assertEquals(portal.path(""), signedOut.getUrl().getPath(), "back on the home page");
            assertNull(signedOut.getElementById("user"), "nobody is signed in after logout");
            assertTrue(browser.landsOnLoginForm(portal.url("customers")),
                    "after logout the portal sends the browser to Keycloak's login form again");
        }

        try (BackupConsole console = new BackupConsole(portal, admin)) {
            HtmlPage backups = console.runBackup();
            assertEquals("OK", BackupConsole.outcome(backups, alice));
            assertEquals("5", BackupConsole.cell(backups, alice, "count"));
            assertEquals("", BackupConsole.cell(backups, alice, "reason"));
            Map<String, Object> json = console.json().get(alice);
            assertEquals("ok", json.get("outcome"));
            assertEquals(5, ((Number) json.get("customersSaved")).intValue());
        }

        BackupRow run = rows.latestBackup(alice);
        assertEquals("OK", run.outcome(), run::toString);
        assertNull(run.reason());
        assertEquals(5, run.customersSaved());
        assertTrue(run.snapshot().contains("Acme Anvils"), "the saved snapshot holds the customers");
        assertTrue(run.finishedAt().isAfter(start));
        GrantRow grant = rows.requireGrant(alice);
        assertTrue(grant.active(), grant::toString);
        assertNotNull(grant.lastUsed(), "the backup used the grant");
        assertTrue(grant.lastUsed().isAfter(start), grant::toString);
    }
}
