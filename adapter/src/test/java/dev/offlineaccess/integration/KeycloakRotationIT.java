package dev.offlineaccess.integration;

import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.testing.TestClock;
import dev.offlineaccess.testing.keycloak.GrantResult;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.testing.keycloak.SessionInfo;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.InMemoryGrantStore;
import dev.offlineaccess.tokens.OfflineGrantRevokedException;
import dev.offlineaccess.tokens.TokenCipher;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.offlineaccess.testing.keycloak.DemoRealms.ALICE;
import static dev.offlineaccess.testing.keycloak.DemoRealms.CLIENT_ID;
import static dev.offlineaccess.testing.keycloak.DemoRealms.OFFLINE_SCOPE;
import static dev.offlineaccess.testing.keycloak.DemoRealms.ROTATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Keycloak with "Revoke Refresh Token" on and max reuse 0 (realm {@code demo-rotation}): every refresh
 * rotates the offline token, and a second use of any token ends the session. A grant imported from a direct access
 * grant survives a hundred sequential refreshes, a hundred concurrent calls, and two nodes on one database hammering
 * it, and is still valid at Keycloak afterwards. The negative control shows that the same load on two nodes that do
 * not share a store does destroy the grant: the tests can see the failure the design prevents. And PostgreSQL
 * stopped right after Keycloak rotated the token loses nothing: the new token waits in memory and is written before
 * anything else happens to the grant.
 *
 * <p>Each test starts from its own direct grant (its own offline session) and ends that session.
 */
@ExtendWith(KeycloakServer.class)
@Timeout(180)
class KeycloakRotationIT {
    private static final int SEQUENTIAL = 100;
    private static final int THREADS = 20;
    private static final int WAVES = 5;
    private static final String SESSION_DETACHED = "Session doesn't have required client";

    private static PostgresServer postgres;

    private final KeycloakAdmin keycloak = KeycloakAdmin.forRealm(ROTATION);
    private final TestClock clock = new TestClock();
    private final TokenCipher cipher = Stores.cipher();

    @BeforeAll
    static void launchPostgres() throws IOException {
        postgres = PostgresServer.launch();
    }

    @AfterAll
    static void deletePostgres() throws IOException {
        postgres.close();
    }

    @Test
    void onTheH2FileAHundredSequentialAndConcurrentCallsAndASecondNodeNeverReuseAToken() throws Exception {
        hammerOneGrant(Stores.h2File("offline-grants"), "H2 file");
    }

    @Test
    void onPostgresAHundredSequentialAndConcurrentCallsAndASecondNodeNeverReuseAToken() throws Exception {
        hammerOneGrant(postgres.newDatabase("rotation"), "PostgreSQL");
    }

    @Test
    void postgresStoppedRightAfterKeycloakRotatedThenThePendingTokenIsWrittenFirstAndKeycloakNeverSeesAReuse()
            throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        try (JpaGrantStore store = JpaGrantStore.open(postgres.newDatabase("outage"), KeycloakServer.issuer(ROTATION),
                CLIENT_ID)) {
            KeycloakNode node = KeycloakNode.start(ROTATION, store, cipher, clock, waits::add);
            GrantKey key = node.service().importToken(ALICE, directGrant().refreshToken()).key();
            String sessionId = KeycloakNode.sessionId(storedToken(store, key));
            try {
                clock.advance(KeycloakNode.NEXT_WINDOW);
                node.endpoint().afterNextAnswer(this::stopPostgres);
                assertThrows(TokenStoreUnavailableException.class, () -> node.service().accessToken(ALICE));
                assertEquals(1, node.service().pendingWriteCount(), "Keycloak's new token is kept in memory");
                assertEquals(5, waits.size(), "written again with backoff: " + waits);

                postgres.start();
                node.service().accessToken(ALICE);
                assertEquals(0, node.service().pendingWriteCount(), "written first");
                assertEquals(2, node.endpoint().refreshes(), "the import's and the interrupted one: none since");
                clock.advance(KeycloakNode.NEXT_WINDOW);
                node.service().accessToken(ALICE);

                assertEquals(3, node.endpoint().refreshes());
                assertEquals(List.of(), node.endpoint().refusals(), "Keycloak never saw a reused token");
                assertTrue(keycloak.refresh(storedToken(store, key)).ok(), "the stored token is the valid one");
                assertTrue(sessionIds().contains(sessionId));
            } finally {
                KeycloakNode.endSession(keycloak, sessionId);
            }
        }
    }


    private void stopPostgres() {
        try {
            postgres.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void negativeControlTwoNodesWithSeparateStoresHoldingTheSameTokenDestroyTheGrant() {
        KeycloakNode a = KeycloakNode.start(ROTATION, new InMemoryGrantStore(), cipher, clock);
        KeycloakNode b = KeycloakNode.start(ROTATION, new InMemoryGrantStore(), cipher, clock);
        GrantResult login = directGrant();
        GrantKey key = a.service().grantKey(keycloak.userId(ALICE));
        a.service().storeFromLogin(key, ALICE, issued(login));
        b.service().storeFromLogin(key, ALICE, issued(login));
        String sessionId = KeycloakNode.sessionId(login.refreshToken());
        clock.advance(KeycloakNode.NEXT_WINDOW);

        a.service().accessToken(ALICE);
        OfflineGrantRevokedException reused = assertThrows(OfflineGrantRevokedException.class,
                () -> b.service().accessToken(ALICE));
        clock.advance(KeycloakNode.NEXT_WINDOW);
        OfflineGrantRevokedException detached = assertThrows(OfflineGrantRevokedException.class,
                () -> a.service().accessToken(ALICE));

        assertEquals(ObservedEndpoint.REUSE_EXCEEDED, reused.errorDescription());
        assertEquals(SESSION_DETACHED, detached.errorDescription(), "the reuse killed the newest token too");
        assertFalse(sessionIds().contains(sessionId), "Keycloak dropped the client's offline session");
    }

    private void hammerOneGrant(StoreSettings database, String databaseName) throws Exception {
        List<JpaGrantStore> stores = new ArrayList<>();
        try (Hammer hammer = new Hammer(THREADS)) {
            JpaGrantStore storeA = open(database, stores);
            KeycloakNode a = KeycloakNode.start(ROTATION, storeA, cipher, clock);
            GrantKey key = a.service().importToken(ALICE, directGrant().refreshToken()).key();
            assertEquals(keycloak.userId(ALICE), key.subject());
            String sessionId = KeycloakNode.sessionId(storedToken(storeA, key));
            try {
                long sequential = sequentialRefreshes(a);
                assertEquals(1 + SEQUENTIAL, a.endpoint().refreshes(), "the import's and one per call");

                long concurrent = waves(hammer, List.of(a));
                assertEquals(1 + SEQUENTIAL + WAVES, a.endpoint().refreshes(), "one refresh per wave");

                KeycloakNode b = KeycloakNode.start(ROTATION, open(database, stores), cipher, clock);
                long twoNodes = waves(hammer, List.of(a, b));
                assertEquals(1 + SEQUENTIAL + 2 * WAVES, a.endpoint().refreshes() + b.endpoint().refreshes(),
                        "one refresh per wave across both nodes");

                assertEquals(List.of(), a.endpoint().refusals(), "Keycloak refused nothing on node A");
                assertEquals(List.of(), b.endpoint().refusals(), "Keycloak refused nothing on node B");
                GrantResult oneMore = keycloak.refresh(storedToken(storeA, key));
                assertTrue(oneMore.ok(), "the stored token is the valid one: " + oneMore);
                assertTrue(sessionIds().contains(sessionId), "Keycloak still lists the offline session");
                System.out.printf("[measured] Keycloak demo-rotation on %s: %d sequential refreshes %d ms;"
                                + " %d x %d concurrent calls %d ms; two nodes %d x %d calls %d ms; refreshes: node A"
                                + " %d, node B %d, 0 refused%n", databaseName, SEQUENTIAL, sequential, WAVES,
                        THREADS, concurrent, WAVES, THREADS, twoNodes, a.endpoint().refreshes(),
                        b.endpoint().refreshes());
            } finally {
                KeycloakNode.endSession(keycloak, sessionId);
            }
        } finally {
            stores.forEach(JpaGrantStore::close);
        }
    }

    /** A hundred calls in a row, each in a new window: each must refresh, and each gets a new token. */
    private long sequentialRefreshes(KeycloakNode node) {
        Set<String> tokens = new HashSet<>();
        long start = System.nanoTime();
        for (int i = 0; i < SEQUENTIAL; i++) {
            clock.advance(KeycloakNode.NEXT_WINDOW);
            tokens.add(node.service().accessToken(ALICE).value());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(SEQUENTIAL, tokens.size(), "every call got a fresh access token");
        return millis;
    }

    /** {@link #WAVES} waves of {@link #THREADS} calls spread over the nodes, a new window before each. */
    private long waves(Hammer hammer, List<KeycloakNode> nodes) throws InterruptedException {
        long millis = 0;
        for (int wave = 1; wave <= WAVES; wave++) {
            clock.advance(KeycloakNode.NEXT_WINDOW);
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                KeycloakNode node = nodes.get(i % nodes.size());
                calls.add(() -> node.service().accessToken(ALICE).value());
            }
            Hammer.Wave done = hammer.wave(calls);
            millis += done.took().toMillis();
            assertEquals(List.of(), done.failureSummary(), "wave " + wave);
            assertEquals(1, done.distinct().size(), "one token for all callers of wave " + wave);
        }
        return millis;
    }

    private GrantResult directGrant() {
        GrantResult grant = keycloak.directGrant(ROTATION, ALICE, ALICE, OFFLINE_SCOPE);
        assertTrue(grant.ok(), grant.toString());
        return grant;
    }

    /** The direct grant's answer as the login filter would hand it to the store. */
    private IssuedTokens issued(GrantResult grant) {
        long lifetime = ((Number) grant.body().get("expires_in")).longValue();
        return new IssuedTokens(grant.accessToken(), clock.instant().plus(Duration.ofSeconds(lifetime)),
                grant.refreshToken(), grant.refreshTokenType(), null, Set.of(grant.scope().split(" ")),
                grant.idToken());
    }

    private List<String> sessionIds() {
        return keycloak.offlineSessions(ALICE, CLIENT_ID).stream().map(SessionInfo::id).toList();
    }

    private String storedToken(JpaGrantStore store, GrantKey key) {
        return cipher.open(store.find(key).orElseThrow().refreshToken(), key);
    }

    private JpaGrantStore open(StoreSettings database, List<JpaGrantStore> stores) {
        JpaGrantStore store = JpaGrantStore.open(database, KeycloakServer.issuer(ROTATION), CLIENT_ID);
        stores.add(store);
        return store;
    }
}
