package dev.offlineaccess.arquillian;

import static dev.offlineaccess.arquillian.Browser.assertAt;
import static dev.offlineaccess.arquillian.Browser.click;
import static dev.offlineaccess.arquillian.Browser.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.offlineaccess.arquillian.StoredRows.BackupRow;
import dev.offlineaccess.arquillian.StoredRows.GrantRow;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.testing.keycloak.SessionInfo;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenarios 9 and 10: two deployments of the portal — two Jetty servers, two WARs, as two cluster nodes — on one
 * PostgreSQL: the offline grants, the ended-sessions record and Jetty's HTTP sessions ({@link SharedSessionStore})
 * all live there. The realm is {@code demo-rotation}, where a refresh token used twice destroys the grant.
 *
 * <p>The portal is registered as a client of its own ({@link PortalClient}) whose back-channel logout URL is node
 * A's {@code /backchannel-logout}; node B only learns about a logout through the database.
 */
@ExtendWith({KeycloakServer.class, PortalEnvironment.class, SharedPostgres.class, ArquillianExtension.class})
class TwoPortalNodesIT {
    private static final String NODE_A = "node-a";
    private static final String NODE_B = "node-b";
    private static final int RUNS_PER_NODE = 5;
    /** How long Keycloak may take to deliver a logout, plus the adapter's 3 s propagation between nodes. */
    private static final Duration LOGOUT_DELIVERY = Duration.ofSeconds(30);
    private static final PortalClient CLIENT = PortalClient.in(DemoRealms.ROTATION);

    private static KeycloakUsers users;
    private static String admin;

    @ArquillianResource
    @OperateOnDeployment(NODE_A)
    private URL deployedA;

    @ArquillianResource
    @OperateOnDeployment(NODE_B)
    private URL deployedB;

    private Portal nodeA;
    private Portal nodeB;
    private StoredRows rows;

    @Deployment(name = NODE_A, testable = false)
    @TargetsContainer(NODE_A)
    static WebArchive nodeA() {
        return CLIENT.war();
    }

    @Deployment(name = NODE_B, testable = false)
    @TargetsContainer(NODE_B)
    static WebArchive nodeB() {
        return CLIENT.war();
    }

    @BeforeAll
    static void realmUsers() {
        users = KeycloakUsers.in(DemoRealms.ROTATION);
        admin = users.create("admin", KeycloakUsers.USER, KeycloakUsers.ADMIN);
    }

    @AfterAll
    static void deleteUsersAndClient() {
        try {
            users.close();
        } finally {
            CLIENT.close();
        }
    }

    @BeforeEach
    void nodes() {
        nodeA = Portal.at(deployedA);
        nodeB = Portal.at(deployedB);
        assertTrue(nodeA.port() != nodeB.port(), "two Jetty servers");
        rows = StoredRows.ofDeployedPortal();
        if (!CLIENT.registered()) {
            CLIENT.register(URI.create("http://127.0.0.1:" + nodeA.port() + "/customer-portal/backchannel-logout"));
        }
    }

    @Test
    void aUserSignedInOnOneNodeIsSignedInOnTheOther() {
        String erin = users.create("erin", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        try (Browser browser = new Browser(nodeA)) {
            HtmlPage onA = (HtmlPage) KeycloakLogin.signIn(click(browser.open(""), "login"), erin, erin);
            assertAt(onA, nodeA.path("customers"));
            assertEquals(erin, text(onA, "name"));

            HtmlPage onB = browser.open(nodeB.url("customers"));
            assertEquals(nodeB.port(), onB.getUrl().getPort(), "served by node B, no trip to Keycloak");
            assertEquals(erin, text(onB, "name"), "node B knows the session node A created");
            assertTrue(text(browser.open(nodeB.url("offline")), "status").contains("does not hold offline access"));

            HtmlPage upgraded = browser.open(nodeB.url("customers?scope=offline_access"));
            assertEquals(nodeB.port(), upgraded.getUrl().getPort());
            assertEquals(erin, text(upgraded, "name"), "Keycloak's SSO session granted offline access at once");
            assertEquals("active", text(browser.open(nodeA.url("offline")), "status"),
                    "node A sees the grant node B stored");
            assertTrue(rows.requireGrant(erin).active());

            HtmlPage signedOut = browser.logOut();
            assertNull(signedOut.getElementById("user"));
            assertTrue(browser.landsOnLoginForm(nodeB.url("customers")), "signed out on node B as well");
        }
    }

    @Test
    void concurrentBackupsOnBothNodesUnderRotationAllSucceed() throws Exception {
        String alice = users.create("alice", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        Journeys.grantOfflineAccessAndLeave(nodeA, alice, rows);
        GrantRow before = rows.requireGrant(alice);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (BackupConsole consoleA = new BackupConsole(nodeA, admin);
             BackupConsole consoleB = new BackupConsole(nodeB, admin)) {
            Instant start = Instant.now();
            CountDownLatch go = new CountDownLatch(1);
            Future<List<String>> onA = pool.submit(backups(go, consoleA, alice));
            Future<List<String>> onB = pool.submit(backups(go, consoleB, alice));
            go.countDown();
            List<String> outcomes = new ArrayList<>(onA.get(5, TimeUnit.MINUTES));
            outcomes.addAll(onB.get(5, TimeUnit.MINUTES));

            assertEquals(2 * RUNS_PER_NODE, outcomes.size());
            outcomes.forEach(outcome -> assertEquals("OK", outcome, "every run on either node backed alice up"));
            List<BackupRow> runs = rows.backups(alice).stream().filter(run -> run.finishedAt().isAfter(start))
                    .toList();
            assertEquals(2 * RUNS_PER_NODE, runs.size());
            runs.forEach(run -> assertEquals("OK", run.outcome(), run::toString));
        } finally {
            pool.shutdownNow();
        }
        GrantRow after = rows.requireGrant(alice);
        assertTrue(after.active(), after::toString);
        assertNull(after.revokedReason());
        assertTrue(after.version() >= before.version() + 2 * RUNS_PER_NODE, "every run refreshed: " + after);
        assertEquals(1, users.admin().offlineSessions(alice, CLIENT.clientId()).size(),
                "no reuse was detected: Keycloak still holds alice's offline session");
    }

    @Test
    void aBackChannelLogoutEndsTheWebSessionOnBothNodesAndTheGrantStays() {
        String frank = users.create("frank", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        try (Browser browser = new Browser(nodeB)) {
            String sid = signInThenGrantOfflineAccessOnNodeB(browser, frank);

            users.admin().deleteSession(sid, false);

            awaitSignedOut(browser, nodeB);
            assertTrue(rows.sessionEnded(sid), "node A recorded the ended session in the shared database");
            assertTrue(browser.landsOnLoginForm(nodeA.url("customers")), "signed out on node A too");
        }
        GrantRow grant = rows.requireGrant(frank);
        assertTrue(grant.active(), "an ordinary back-channel logout leaves the offline grant: " + grant);
        try (BackupConsole console = new BackupConsole(nodeA, admin)) {
            assertEquals("OK", BackupConsole.outcome(console.runBackup(), frank),
                    "the background job still works for the signed-out user");
        }
        assertEquals("OK", rows.latestBackup(frank).outcome());
    }

    @Test
    void aBackChannelLogoutThatRevokesOfflineAccessEndsTheGrantToo() {
        String grace = users.create("grace", KeycloakUsers.USER, KeycloakUsers.OFFLINE_ACCESS);
        CLIENT.revokeOfflineSessionsOnLogout(true);
        try (Browser browser = new Browser(nodeB)) {
            String sid = signInThenGrantOfflineAccessOnNodeB(browser, grace);

            users.admin().deleteSession(sid, false);

            awaitSignedOut(browser, nodeB);
        } finally {
            CLIENT.revokeOfflineSessionsOnLogout(false);
        }
        GrantRow grant = rows.requireGrant(grace);
        assertEquals("REVOKED", grant.status(), grant::toString);
        assertEquals("backchannel_logout", grant.revokedError());
        assertEquals("Revoked by back-channel logout", grant.revokedReason());
        try (BackupConsole console = new BackupConsole(nodeB, admin)) {
            HtmlPage backups = console.runBackup();
            assertEquals("REVOKED", BackupConsole.outcome(backups, grace));
            assertEquals("backchannel_logout: Revoked by back-channel logout",
                    BackupConsole.cell(backups, grace, "reason"));
        }
        assertEquals("REVOKED", rows.latestBackup(grace).outcome());
    }

    @Test
    void aLogoutTokenKeycloakDidNotSignIsRefusedAndEndsNothing() throws Exception {
        String henry = users.create("henry", KeycloakUsers.USER);
        try (Browser browser = new Browser(nodeB)) {
            assertEquals(henry, text(browser.openSignedIn(nodeB.url("customers"), henry), "name"));
            String sid = onlySession(henry);
            String forged = forgedLogoutToken(users.admin().userId(henry), sid);

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + nodeA.port() + "/customer-portal/backchannel-logout"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + forged)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(400, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("invalid_request"), answer.body());
            assertTrue(answer.body().contains("no key of the provider matches"), "refused for its signature: "
                    + answer.body());
            assertFalse(answer.body().contains(forged), "the answer never repeats the token");
            assertFalse(rows.sessionEnded(sid), "nothing recorded");
            assertEquals(henry, text(browser.open(nodeB.url("customers")), "name"), "still signed in on node B");
            assertEquals(henry, text(browser.open(nodeA.url("customers")), "name"), "and on node A");
        }
    }

    /**
     * A logout token right in every claim (issuer, audience, subject, session, event, fresh {@code iat}, a
     * {@code jti}) but signed with a key of the test's own, not the realm's.
     */
    private static String forgedLogoutToken(String subject, String sid) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("not-keycloaks").generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(KeycloakServer.issuer(DemoRealms.ROTATION))
                .audience(CLIENT.clientId())
                .subject(subject)
                .claim("sid", sid)
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
                .issueTime(new Date())
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("logout+jwt")).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /**
     * The user signs in on node B without offline access (Keycloak keeps an SSO session), then asks for it; with
     * the SSO session in place Keycloak keeps the online session next to the offline one, and that online session
     * is what a back-channel logout ends. Returns its id.
     */
    private String signInThenGrantOfflineAccessOnNodeB(Browser browser, String user) {
        HtmlPage customers = browser.openSignedIn(nodeB.url("customers"), user);
        assertEquals(user, text(customers, "name"));
        HtmlPage upgraded = browser.open(nodeB.url("customers?scope=offline_access"));
        assertEquals(user, text(upgraded, "name"));
        assertEquals("active", text(browser.open(nodeB.url("offline")), "status"));
        assertEquals(user, text(browser.open(nodeA.url("customers")), "name"), "signed in on node A as well");
        return onlySession(user);
    }

    /** The id of the user's one online Keycloak session with the portal. */
    private static String onlySession(String user) {
        List<SessionInfo> sessions = users.admin().sessions(user).stream()
                .filter(session -> session.clientIds().contains(CLIENT.clientId())).toList();
        assertEquals(1, sessions.size(), () -> "one online Keycloak session with the portal: " + sessions);
        return sessions.get(0).id();
    }

    /** Polls {@code node} until the browser is sent to Keycloak's login form: its web session has ended. */
    private static void awaitSignedOut(Browser browser, Portal node) {
        Eventually.await("the web session ends on port " + node.port(), LOGOUT_DELIVERY,
                () -> browser.landsOnLoginForm(node.url("customers")) ? Optional.of(true) : Optional.empty());
        assertFalse(browser.open(node.url("")).asNormalizedText().contains("You are signed in"),
                "the home page no longer greets the user");
    }

    private static Callable<List<String>> backups(CountDownLatch go, BackupConsole console, String user) {
        return () -> {
            go.await();
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < RUNS_PER_NODE; i++) {
                outcomes.add(BackupConsole.outcome(console.runBackup(), user));
            }
            return outcomes;
        };
    }
}
