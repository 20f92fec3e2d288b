package dev.offlineaccess.arquillian;

import static dev.offlineaccess.arquillian.Browser.assertAt;
import static dev.offlineaccess.arquillian.Browser.click;
import static dev.offlineaccess.arquillian.Browser.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.arquillian.StoredRows.BackupRow;
import dev.offlineaccess.arquillian.StoredRows.GrantRow;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.testing.keycloak.SessionInfo;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
 * Scenarios 4 and 5: a grant ends — by the user on the portal's {@code /offline} page, or by an administrator at
 * Keycloak (consent withdrawn, offline session deleted, "log out user") — and the next backup reports the user as
 * revoked with the reason, while another user's backup in the same run still works. Each test has its own users.
 */
@ExtendWith({KeycloakServer.class, PortalEnvironment.class, ArquillianExtension.class})
class RevokedGrantIT {
    private static final String SESSION_GONE = "invalid_grant: Offline user session not found";

    private static KeycloakUsers users;
    private static String admin;

    @ArquillianResource
    private URL deployed;

    private Portal portal;
    private StoredRows rows;
    private String alice;
    private String carol;

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

    /** Two users grant offline access and leave: alice, whose grant will end, and carol, who looks on. */
    @BeforeEach
    void twoUsersGrantOfflineAccessAndLeave() {
        portal = Portal.at(deployed);
        rows = StoredRows.ofDeployedPortal();
        alice = users.create("alice", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        carol = users.create("carol", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        Journeys.grantOfflineAccessAndLeave(portal, alice, rows);
        Journeys.grantOfflineAccessAndLeave(portal, carol, rows);
    }

    @Test
    void theUserRevokesOnTheOfflinePageAndTheNextBackupSaysWhy() {
        try (Browser browser = new Browser(portal)) {
            HtmlPage offline = browser.openSignedIn("offline", alice);
            HtmlPage revoked = click(offline, "revoke");
            assertAt(revoked, portal.path("offline") + "?notice=revoked");
            assertTrue(text(revoked, "notice").startsWith("Offline access revoked."));
            assertEquals("revoked", text(revoked, "status"));
            assertTrue(text(revoked, "reason").startsWith("revoked_by_application"), text(revoked, "reason"));
            assertNull(revoked.getElementById("revoke"), "nothing left to revoke");
        }
        GrantRow grant = rows.requireGrant(alice);
        assertEquals("REVOKED", grant.status(), grant::toString);
        assertEquals("revoked_by_application", grant.revokedError());
        assertNotNull(grant.revokedAt());
        assertTrue(users.admin().offlineSessions(alice, DemoRealms.CLIENT_ID).isEmpty(),
                "the portal revoked the token at Keycloak too (RFC 7009): no offline session is left");

        HtmlPage backups = runBackup();
        assertEquals("REVOKED", BackupConsole.outcome(backups, alice));
        assertTrue(BackupConsole.cell(backups, alice, "reason").startsWith("revoked_by_application"));
        BackupRow run = rows.latestBackup(alice);
        assertEquals("REVOKED", run.outcome(), run::toString);
        assertTrue(run.reason().startsWith("revoked_by_application"), run::toString);
        assertEquals(0, run.customersSaved());
        assertCarolStillBackedUp(backups);
    }

    @Test
    void anAdministratorWithdrawsTheConsentAtKeycloak() {
        revokedAtKeycloak(keycloak -> keycloak.deleteConsents(alice, DemoRealms.CLIENT_ID), SESSION_GONE);
    }

    @Test
    void anAdministratorDeletesTheOfflineSessionAtKeycloak() {
        revokedAtKeycloak(keycloak -> {
            List<SessionInfo> sessions = keycloak.offlineSessions(alice, DemoRealms.CLIENT_ID);
            assertEquals(1, sessions.size(), "alice has one offline session: the portal's");
            keycloak.deleteSession(sessions.get(0).id(), true);
        }, SESSION_GONE);
    }

    @Test
    void anAdministratorLogsTheUserOutAtKeycloak() {
        revokedAtKeycloak(keycloak -> {
            // "log out user" sets the user's not-before to the current whole second, and Keycloak refuses only
            // tokens issued before that second: the stored token must be from an earlier second than the click
            GrantRow grant = rows.requireGrant(alice);
            Instant issued = grant.lastRefreshed() != null ? grant.lastRefreshed() : grant.created();
            Eventually.await("a whole second after the stored token was issued", Duration.ofSeconds(3),
                    () -> Instant.now().getEpochSecond() > issued.getEpochSecond() ? Optional.of(true)
                            : Optional.empty());
            keycloak.logoutUser(alice);
        }, "invalid_grant: Stale token");
    }

    /**
     * The administrator acts at Keycloak; the backup then reports alice revoked with Keycloak's own words, her row
     * is marked revoked with them, she sees it on her {@code /offline} page when she signs in again, and carol's
     * backup in the same run is fine.
     */
    private void revokedAtKeycloak(Consumer<KeycloakAdmin> action, String keycloakReason) {
        action.accept(users.admin());

        HtmlPage backups = runBackup();
        assertEquals("REVOKED", BackupConsole.outcome(backups, alice));
        assertEquals(keycloakReason, BackupConsole.cell(backups, alice, "reason"));
        assertEquals("0", BackupConsole.cell(backups, alice, "count"));
        BackupRow run = rows.latestBackup(alice);
        assertEquals("REVOKED", run.outcome(), run::toString);
        assertEquals(keycloakReason, run.reason());
        GrantRow grant = rows.requireGrant(alice);
        assertEquals("REVOKED", grant.status(), grant::toString);
        assertEquals(keycloakReason, grant.revokedError() + ": " + grant.revokedReason());
        assertCarolStillBackedUp(backups);

        try (Browser browser = new Browser(portal)) {
            HtmlPage offline = browser.openSignedIn("offline", alice);
            assertEquals("revoked", text(offline, "status"));
            assertEquals(keycloakReason, text(offline, "reason"));
        }
    }

    private HtmlPage runBackup() {
        try (BackupConsole console = new BackupConsole(portal, admin)) {
            return console.runBackup();
        }
    }

    private void assertCarolStillBackedUp(HtmlPage backups) {
        assertEquals("OK", BackupConsole.outcome(backups, carol), "another user's grant is not affected");
        assertEquals("OK", rows.latestBackup(carol).outcome());
        assertTrue(rows.requireGrant(carol).active());
        assertEquals(1, users.admin().offlineSessions(carol, DemoRealms.CLIENT_ID).size(),
                "carol's offline session at Keycloak is untouched");
    }
}
