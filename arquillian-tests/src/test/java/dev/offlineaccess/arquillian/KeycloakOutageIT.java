package dev.offlineaccess.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.arquillian.StoredRows.BackupRow;
import dev.offlineaccess.arquillian.StoredRows.GrantRow;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2, second half, and scenario 8: Keycloak itself goes away. Restarted between the user's logout and the
 * backup, it still honours the offline grant (it keeps offline sessions in its database). Down while the backup
 * runs, the backup reports "provider unavailable" for the user and leaves the stored token exactly as it was; once
 * Keycloak is back the next run is fine again.
 *
 * <p>The backup here is the portal's own timer ({@code BACKUP_INTERVAL=PT2S}), as in production: while Keycloak is
 * down nobody can sign in, and a session whose access token is due for renewal gets the adapter's "try again" page,
 * so "Run backup now" is not something to count on. An administrator who signed in shortly before still sees the
 * backup page, and the outcome on it.
 *
 * <p>This takes down the Keycloak every other test uses, so it runs last ({@link Order}, with the class orderer in
 * {@code junit-platform.properties}) and always starts Keycloak again. Only a Keycloak started by
 * {@code tools/keycloak/keycloak.sh} can be stopped; another one fails these tests.
 */
@Order(Integer.MAX_VALUE)
@PortalSetting(name = "BACKUP_INTERVAL", value = "PT2S")
@ExtendWith({KeycloakServer.class, PortalEnvironment.class, ArquillianExtension.class})
class KeycloakOutageIT {
    private static final Duration SCHEDULE = Duration.ofSeconds(60);

    private static KeycloakUsers users;

    @ArquillianResource
    private URL deployed;

    private Portal portal;
    private StoredRows rows;
    private String alice;
    private String admin;

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
        KeycloakProcess.start();
        users.close();
    }

    @BeforeEach
    void aliceGrantsOfflineAccessAndLeaves() {
        portal = Portal.at(deployed);
        rows = StoredRows.ofDeployedPortal();
        alice = users.create("alice", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        admin = users.create("admin", KeycloakUsers.USER, KeycloakUsers.ADMIN);
        Journeys.grantOfflineAccessAndLeave(portal, alice, rows);
        try (BackupConsole console = new BackupConsole(portal, admin)) {
            console.page(); // the portal learns its own address, which its timer needs
        }
    }

    @Test
    void keycloakRestartedBetweenLogoutAndBackupStillHonoursTheGrant() {
        GrantRow before = rows.requireGrant(alice);
        Instant restarting = Instant.now();
        try {
            KeycloakProcess.stop();
        } finally {
            KeycloakProcess.start();
        }

        try (BackupConsole console = new BackupConsole(portal, admin)) {
            HtmlPage backups = console.runBackup();
            assertEquals("OK", BackupConsole.outcome(backups, alice));
            assertEquals("5", BackupConsole.cell(backups, alice, "count"));
        }
        BackupRow run = rows.latestBackup(alice);
        assertEquals("OK", run.outcome(), run::toString);
        assertTrue(run.finishedAt().isAfter(restarting));
        GrantRow after = rows.requireGrant(alice);
        assertTrue(after.active(), after::toString);
        assertTrue(after.version() > before.version(), "refreshed at the restarted Keycloak");
        assertEquals(1, users.admin().offlineSessions(alice, DemoRealms.CLIENT_ID).size(),
                "Keycloak kept alice's offline session over the restart");
    }

    @Test
    void keycloakDownDuringTheBackupMeansProviderUnavailableAndTheTokenIsKept() {
        awaitRun("a scheduled OK run for alice", Instant.now(), "OK");
        // signed in just now: the portal renews a session's access token 10 s before it expires, so this one
        // (60 s) lets the administrator look at the page for about 50 s without asking Keycloak
        try (BackupConsole console = new BackupConsole(portal, admin)) {
            GrantRow kept;
            BackupRow failed;
            try {
                KeycloakProcess.stop();
                failed = awaitRunWhileDown(Instant.now());
                kept = rows.requireGrant(alice);
                BackupRow again = awaitRun("another scheduled run while Keycloak is down", failed.finishedAt(),
                        "PROVIDER_UNAVAILABLE");
                assertEquals(failed.reason(), again.reason());
                assertEquals(kept, rows.requireGrant(alice), "the stored grant is untouched while Keycloak is down");
                assertTrue(kept.active(), kept::toString);

                HtmlPage duringOutage = console.page();
                assertEquals(200, Browser.status(duringOutage), () -> "the administrator signed in too long ago for"
                        + " the session to last without Keycloak: " + Browser.describe(duringOutage));
                assertEquals("PROVIDER_UNAVAILABLE", BackupConsole.outcome(duringOutage, alice));
                assertEquals(again.reason(), BackupConsole.cell(duringOutage, alice, "reason"));
                assertEquals("0", BackupConsole.cell(duringOutage, alice, "count"));
            } finally {
                KeycloakProcess.start();
            }
            assertTrue(failed.reason().startsWith("The provider could not refresh the offline token of '" + alice
                    + "'"), failed::toString);
            assertEquals(0, failed.customersSaved());
            assertFalse(failed.reason().contains("eyJ"), "no token in the reason");

            BackupRow recovered = awaitRunAfterRestart(Instant.now());
            assertEquals(5, recovered.customersSaved());
            GrantRow after = rows.requireGrant(alice);
            assertTrue(after.active(), after::toString);
            assertTrue(after.version() > kept.version(), "the kept token was used once Keycloak was back");
            assertEquals("OK", BackupConsole.outcome(console.page(), alice),
                    "the administrator's session survived the outage and shows alice fine again");
        }
    }

    /**
     * The first run that found Keycloak down. A run already under way when Keycloak stopped may still finish OK
     * (its refresh was done); that one is skipped.
     */
    private BackupRow awaitRunWhileDown(Instant down) {
        BackupRow first = awaitRun("a scheduled run after Keycloak went down", down, null);
        return "OK".equals(first.outcome())
                ? awaitRun("the next scheduled run while Keycloak is down", first.finishedAt(), "PROVIDER_UNAVAILABLE")
                : checked(first, "PROVIDER_UNAVAILABLE");
    }

    /**
     * The first run that found Keycloak back. A run that started while Keycloak was still starting may finish
     * "provider unavailable" just after; that one is skipped.
     */
    private BackupRow awaitRunAfterRestart(Instant up) {
        BackupRow first = awaitRun("a scheduled run after Keycloak is back", up, null);
        return "PROVIDER_UNAVAILABLE".equals(first.outcome())
                ? awaitRun("the next scheduled run after Keycloak is back", first.finishedAt(), "OK")
                : checked(first, "OK");
    }

    /** The first run for alice that finished after {@code after}; it must have {@code outcome} unless null. */
    private BackupRow awaitRun(String what, Instant after, String outcome) {
        BackupRow run = Eventually.await(what, SCHEDULE, () -> rows.backups(alice).stream()
                .filter(r -> r.finishedAt().isAfter(after)).findFirst());
        return outcome == null ? run : checked(run, outcome);
    }

    private static BackupRow checked(BackupRow run, String outcome) {
        assertEquals(outcome, run.outcome(), run::toString);
        return run;
    }
}
