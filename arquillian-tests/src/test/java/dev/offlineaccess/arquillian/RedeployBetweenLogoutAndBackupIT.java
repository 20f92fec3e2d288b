package dev.offlineaccess.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.arquillian.StoredRows.BackupRow;
import dev.offlineaccess.arquillian.StoredRows.GrantRow;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2, first half: the portal is undeployed and deployed again (Arquillian's {@link Deployer}: the WAR is
 * stopped, its class loader dropped, and it is extracted and started anew) between the user's logout and the
 * backup. Everything in memory is gone — the access-token cache, the learned address — and the backup still works
 * from the stored grant alone. Undeploying also ends every thread the portal and its adapter started.
 *
 * <p>The portal is an unmanaged deployment, so its address is not known before it is deployed; a tiny managed
 * {@code probe.war} on the same Jetty tells the port.
 */
@ExtendWith({KeycloakServer.class, PortalEnvironment.class, ArquillianExtension.class})
class RedeployBetweenLogoutAndBackupIT {
    private static final String PORTAL = "portal";
    private static KeycloakUsers users;

    @ArquillianResource
    private Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment("probe")
    private URL probe;

    @Deployment(name = "probe", testable = false)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "probe.war").addAsWebResource(new StringAsset("probe"),
                "index.html");
    }

    @Deployment(name = PORTAL, managed = false, testable = false)
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
    void theBackupWorksAfterTheAppWasRedeployedBetweenLogoutAndBackup() throws Exception {
        String alice = users.create("alice", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        String admin = users.create("admin", KeycloakUsers.USER, KeycloakUsers.ADMIN);
        Portal portal = Portal.besides(probe);
        StoredRows rows = StoredRows.ofDeployedPortal();
        boolean deployed = false;
        try {
            deployer.deploy(PORTAL);
            deployed = true;
            Journeys.grantOfflineAccessAndLeave(portal, alice, rows);
            GrantRow beforeRedeploy = rows.requireGrant(alice);

            assertFalse(threadsOfThePortal().isEmpty(), "the deployed portal runs its own threads");
            deployer.undeploy(PORTAL);
            deployed = false;
            try (Browser browser = new Browser(portal)) {
                assertEquals(404, Browser.status(browser.open("")), "the portal is gone while undeployed");
            }
            Eventually.await("the undeployed portal's threads end: " + threadsOfThePortal(), Duration.ofSeconds(10),
                    () -> threadsOfThePortal().isEmpty() ? Optional.of(true) : Optional.empty());
            Instant redeployed = Instant.now();
            deployer.deploy(PORTAL);
            deployed = true;

            try (BackupConsole console = new BackupConsole(portal, admin)) {
                HtmlPage backups = console.runBackup();
                assertEquals("OK", BackupConsole.outcome(backups, alice));
                assertEquals("5", BackupConsole.cell(backups, alice, "count"));
            }
            BackupRow run = rows.latestBackup(alice);
            assertEquals("OK", run.outcome(), run::toString);
            assertEquals(5, run.customersSaved());
            assertTrue(run.finishedAt().isAfter(redeployed));
            GrantRow afterRedeploy = rows.requireGrant(alice);
            assertTrue(afterRedeploy.active(), afterRedeploy::toString);
            assertNotNull(afterRedeploy.lastUsed());
            assertTrue(afterRedeploy.lastUsed().isAfter(redeployed), "the new deployment used the stored grant");
            assertTrue(afterRedeploy.version() > beforeRedeploy.version(), "and refreshed it: the row was written");
        } finally {
            if (deployed) {
                deployer.undeploy(PORTAL);
            }
        }
    }

    /**
     * The live threads the portal and its adapter start: the backup timer, the offline-token keep-alive, and the
     * embedded H2 database's server, writer and lock threads. (The JDK's HTTP client threads end when their client
     * is garbage-collected, so they are not counted.)
     */
    private static List<String> threadsOfThePortal() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.equals("customer-portal-backup") || name.equals("offline-token-keep-alive")
                        || name.startsWith("H2 ") || name.startsWith("MVStore"))
                .sorted().toList();
    }
}
