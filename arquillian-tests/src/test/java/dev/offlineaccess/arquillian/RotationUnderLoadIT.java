package dev.offlineaccess.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.arquillian.StoredRows.BackupRow;
import dev.offlineaccess.arquillian.StoredRows.GrantRow;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Scenario 3: the portal against the realm {@code demo-rotation} ("Revoke Refresh Token" on, maximum reuse 0),
 * where Keycloak accepts every offline token once and treats a second use as theft: it answers "Maximum allowed
 * refresh token reuse exceeded" and deletes the whole offline session. So every refresh must store the rotated
 * token before the next one starts, and concurrent refreshes of one grant must not both use the same token.
 *
 * <p>Are there real refreshes at all? Keycloak's access tokens live 60 s here, and the adapter renews a token that
 * expires within its clock skew (60 s by default), so no run can be served from the access-token cache. The test
 * does not rely on that reasoning: it checks that the stored refresh token changed with every run.
 */
@ExtendWith({KeycloakServer.class, PortalEnvironment.class, ArquillianExtension.class})
class RotationUnderLoadIT {
    private static final String REUSE = "Maximum allowed refresh token reuse exceeded";
    private static final int IN_A_ROW = 20;
    private static final int CONCURRENT = 5;

    private static KeycloakUsers users;
    private static String admin;

    @ArquillianResource
    private URL deployed;

    private Portal portal;
    private StoredRows rows;
    private String alice;

    @Deployment(testable = false)
    static WebArchive portal() {
        return PortalWar.forRealm(DemoRealms.ROTATION);
    }

    @BeforeAll
    static void realmUsers() {
        users = KeycloakUsers.in(DemoRealms.ROTATION);
        admin = users.create("admin", KeycloakUsers.USER, KeycloakUsers.ADMIN);
    }

    @AfterAll
    static void deleteUsers() {
        users.close();
    }

    @BeforeEach
    void aliceGrantsOfflineAccess() {
        portal = Portal.at(deployed);
        rows = StoredRows.ofDeployedPortal();
        alice = users.create("alice", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
    }

    @Test
    void twentyBackupsInARowEachRotateTheTokenAndAllSucceed() {
        Journeys.grantOfflineAccessAndLeave(portal, alice, rows);
        Set<String> storedTokens = new HashSet<>();
        long httpClients = portalHttpClients();
        GrantRow previous = rows.requireGrant(alice);
        storedTokens.add(previous.sealedRefreshToken());
        Instant start = Instant.now();

        try (BackupConsole console = new BackupConsole(portal, admin)) {
            for (int run = 1; run <= IN_A_ROW; run++) {
                HtmlPage backups = console.runBackup();
                assertEquals("OK", BackupConsole.outcome(backups, alice), "run " + run);
                GrantRow now = rows.requireGrant(alice);
                assertTrue(now.active(), now::toString);
                assertTrue(now.version() > previous.version(), "run " + run + " wrote the grant");
                assertTrue(refreshedAfter(now, previous), "run " + run + " refreshed: " + now);
                assertTrue(storedTokens.add(now.sealedRefreshToken()), "run " + run + " stored a new token");
                previous = now;
            }
        }

        List<BackupRow> runs = runsSince(start);
        assertEquals(IN_A_ROW, runs.size());
        runs.forEach(run -> assertEquals("OK", run.outcome(), run::toString));
        assertEquals(IN_A_ROW + 1, storedTokens.size(), "the login's token and one rotated token per run");
        assertGrantAlive();
        assertTrue(portalHttpClients() <= httpClients, "the runs reused the portal's HTTP client instead of starting"
                + " one (with its selector thread) per run");
    }

    /** How many JDK HTTP clients web applications of this JVM have started and not yet shut down. */
    private static long portalHttpClients() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().matches("HttpClient-\\d+-SelectorManager"))
                .filter(thread -> thread.getContextClassLoader() != null
                        && thread.getContextClassLoader().getClass().getSimpleName().equals("WebAppClassLoader"))
                .count();
    }

    @Test
    void fiveConcurrentBackupsWhileTheUserBrowsesAllSucceed() throws Exception {
        try (Browser aliceBrowser = new Browser(portal)) {
            Journeys.signInWithOfflineAccess(aliceBrowser, portal, alice);
            GrantRow before = rows.requireGrant(alice);
            List<BackupConsole> consoles = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT + 1);
            try {
                for (int i = 0; i < CONCURRENT; i++) {
                    consoles.add(new BackupConsole(portal, admin));
                }
                Instant start = Instant.now();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> backups = new ArrayList<>();
                for (BackupConsole console : consoles) {
                    backups.add(pool.submit(afterSignal(go, () -> BackupConsole.outcome(console.runBackup(), alice))));
                }
                Future<List<String>> browsing = pool.submit(afterSignal(go, () -> browse(aliceBrowser)));
                go.countDown();

                for (Future<String> backup : backups) {
                    assertEquals("OK", backup.get(3, TimeUnit.MINUTES), "each run shows alice backed up");
                }
                browsing.get(3, TimeUnit.MINUTES).forEach(name -> assertEquals(alice, name,
                        "alice's own pages kept working while the backups ran"));
                List<BackupRow> runs = runsSince(start);
                assertEquals(CONCURRENT, runs.size());
                runs.forEach(run -> assertEquals("OK", run.outcome(), run::toString));
            } finally {
                pool.shutdownNow();
                consoles.forEach(BackupConsole::close);
            }
            GrantRow after = rows.requireGrant(alice);
            assertTrue(after.version() >= before.version() + CONCURRENT, "every run refreshed: " + after);
            assertEquals(alice, Browser.text(aliceBrowser.open("customers"), "name"), "alice is still signed in");
        }
        try (BackupConsole console = new BackupConsole(portal, admin)) {
            assertEquals("OK", BackupConsole.outcome(console.runBackup(), alice), "the chain is intact afterwards");
        }
        assertGrantAlive();
    }

    /** Alice opens her customers page again and again while the backups run; returns the name each page showed. */
    private List<String> browse(Browser browser) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            HtmlPage customers = browser.open("customers");
            assertEquals(200, Browser.status(customers), () -> Browser.describe(customers));
            names.add(Browser.text(customers, "name"));
        }
        return names;
    }

    /** Whether {@code now} was refreshed after {@code previous} (which the login stored: never refreshed). */
    private static boolean refreshedAfter(GrantRow now, GrantRow previous) {
        return now.lastRefreshed() != null
                && (previous.lastRefreshed() == null || now.lastRefreshed().isAfter(previous.lastRefreshed()));
    }

    private static <T> Callable<T> afterSignal(CountDownLatch go, Callable<T> work) {
        return () -> {
            go.await();
            return work.call();
        };
    }

    private List<BackupRow> runsSince(Instant start) {
        return rows.backups(alice).stream().filter(run -> !run.finishedAt().isBefore(start)).toList();
    }

    /** No reuse was ever detected: the row is active and Keycloak still holds alice's one offline session. */
    private void assertGrantAlive() {
        GrantRow grant = rows.requireGrant(alice);
        assertTrue(grant.active(), grant::toString);
        assertNull(grant.revokedReason(), grant::toString);
        rows.backups(alice).forEach(run -> assertTrue(run.reason() == null || !run.reason().contains(REUSE),
                run::toString));
        assertEquals(1, users.admin().offlineSessions(alice, DemoRealms.CLIENT_ID).size(),
                "Keycloak deletes the offline session on a detected reuse; it is still there");
    }
}
