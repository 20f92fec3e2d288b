package dev.offlineaccess.integration;

import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.KeepAlive;
import dev.offlineaccess.tokens.KeepAliveReport;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.TokenCipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one database: two {@link JpaGrantStore}s (two persistence units with their own connection pools,
 * as two JVMs would have), each under its own {@link OfflineTokenService} and its own {@link OidcProvider}, in
 * front of one {@link FakeOpenIdProvider} with Keycloak's rotation and reuse detection on. Time is the fake's
 * {@link dev.offlineaccess.testing.TestClock}, shared by the services; between two expiry windows the tests move it
 * past the access token's lifetime, so nothing sleeps. Subclasses name the database.
 */
@Timeout(180)
abstract class TwoNodesContract {
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    static final HttpSettings HTTP = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(60));
    /** From one window to the next: every cached and stored access token is then within the clock skew. */
    static final Duration NEXT_WINDOW = ACCESS_TOKEN_LIFETIME.minus(HTTP.clockSkew()).plusSeconds(1);
    static final int THREADS_PER_NODE = 50;
    static final int WINDOWS = 5;
    static final int USERS = 100;
    static final int CALLS_PER_USER_AND_NODE = 3;
    static final int MANY_USER_WINDOWS = 3;

    private final List<JpaGrantStore> stores = new ArrayList<>();
    FakeOpenIdProvider op;
    StoreSettings database;
    TokenCipher cipher;
    JpaGrantStore storeA;
    ObservedEndpoint endpointA;
    ObservedEndpoint endpointB;
    OfflineTokenService nodeA;
    OfflineTokenService nodeB;
    Hammer hammer;

    /** Settings for a new, empty database of this kind. */
    abstract StoreSettings newDatabase() throws Exception;

    /** A query whose single number is how many sessions wait for a lock another session holds. */
    abstract String lockWaitersSql();

    /** The name printed with the measured numbers. */
    abstract String databaseName();

    @BeforeEach
    void twoNodes() throws Exception {
        op = FakeOpenIdProvider.builder().rotation(true).accessTokenLifetime(ACCESS_TOKEN_LIFETIME).start();
        cipher = Stores.cipher();
        database = newDatabase();
        storeA = open(database);
        JpaGrantStore storeB = open(database);
        endpointA = new ObservedEndpoint(provider());
        endpointB = new ObservedEndpoint(provider());
        nodeA = node(storeA, endpointA);
        nodeB = node(storeB, endpointB);
        hammer = new Hammer(2 * THREADS_PER_NODE);
    }

    @AfterEach
    void stop() {
        hammer.close();
        stores.forEach(JpaGrantStore::close);
        op.close();
    }

    @Test
    void fiftyThreadsOnEachNodeRefreshOncePerExpiryWindowAndTheStoredTokenStaysValid() throws Exception {
        GrantKey key = importGrant("alice", nodeA);
        long refreshes = op.refreshCount("alice");
        Duration took = Duration.ZERO;

        for (int window = 1; window <= WINDOWS; window++) {
            op.clock().advance(NEXT_WINDOW);
            AtomicLong waiters = holdTheLockUntilTheOtherNodeWaits();
            Hammer.Wave wave = hammer.wave(callsFor(List.of("alice"), THREADS_PER_NODE));
            took = took.plus(wave.took());

            assertEquals(List.of(), wave.failureSummary(), "window " + window);
            assertEquals(1, wave.distinct().size(), "all 100 callers of window " + window + " got one token");
            assertEquals(refreshes + window, op.refreshCount("alice"), "one refresh in window " + window);
            assertEquals(1, waiters.get(), "while one node refreshed, the other waited on the row lock");
        }

        int inWindows = endpointA.refreshes() + endpointB.refreshes() - 1;
        assertEquals(WINDOWS, inWindows, "besides the import's, one per window");
        assertStoredTokenIsTheValidOne("alice", key);
        assertOneMoreRefreshWorks("alice", key);
        report("two nodes x " + THREADS_PER_NODE + " threads, one user", WINDOWS, WINDOWS * 2 * THREADS_PER_NODE,
                inWindows, took);
    }

    @Test
    void aHundredUsersOnTwoNodesRefreshOncePerUserAndWindow() throws Exception {
        Map<String, GrantKey> keys = importUsers();
        List<String> users = List.copyOf(keys.keySet());
        long before = op.successfulRefreshCount();
        Duration took = Duration.ZERO;
        int calls = 0;

        for (int window = 1; window <= MANY_USER_WINDOWS; window++) {
            op.clock().advance(NEXT_WINDOW);
            List<Callable<String>> wave = callsFor(users, CALLS_PER_USER_AND_NODE);
            Hammer.Wave done = hammer.wave(wave);
            took = took.plus(done.took());
            calls += wave.size();

            assertEquals(List.of(), done.failureSummary(), "window " + window);
            assertOneTokenPerUser(users, done);
            for (String user : users) {
                assertEquals(1 + window, op.refreshCount(user), user + " in window " + window);
            }
        }

        assertEquals(USERS * MANY_USER_WINDOWS, op.successfulRefreshCount() - before);
        for (String user : users) {
            assertStoredTokenIsTheValidOne(user, keys.get(user));
        }
        report(USERS + " users x two nodes x " + CALLS_PER_USER_AND_NODE + " calls", MANY_USER_WINDOWS, calls,
                op.successfulRefreshCount() - before, took);
    }

    /**
     * Arms both nodes: whichever refreshes next holds the row lock, after the provider's answer, until the database
     * shows a session waiting for a lock (the other node's first caller), then lets go. The returned number is how
     * many waiters the database showed then (polled every 5 ms for at most 4 s, less than the lock timeout).
     */
    AtomicLong holdTheLockUntilTheOtherNodeWaits() {
        AtomicLong seen = new AtomicLong(-1);
        Runnable hold = () -> seen.set(awaitLockWaiters(Duration.ofSeconds(4)));
        endpointA.afterNextAnswer(hold);
        endpointB.afterNextAnswer(hold);
        return seen;
    }

    private long awaitLockWaiters(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try (Connection c = Stores.connect(database); Statement s = c.createStatement()) {
            while (true) {
                try (ResultSet r = s.executeQuery(lockWaitersSql())) {
                    r.next();
                    long waiters = r.getLong(1);
                    if (waiters > 0 || System.nanoTime() > deadline) {
                        return waiters;
                    }
                }
                Thread.sleep(5);
            }
        } catch (SQLException | InterruptedException e) {
            throw new AssertionError("could not watch the database's lock waits", e);
        }
    }

    @Test
    void keepAliveRunningOnBothNodesAtOnceRefreshesEveryIdleGrantOnce() throws Exception {
        Map<String, GrantKey> keys = importUsers();
        op.clock().advance(Duration.ofDays(21));
        KeepAlive keepAliveA = nodeA.keepAlive(Stores.KEEP_ALIVE);
        KeepAlive keepAliveB = nodeB.keepAlive(Stores.KEEP_ALIVE);
        List<KeepAliveReport> reports = new CopyOnWriteArrayList<>();

        Hammer.Wave both = hammer.wave(List.of(() -> record(keepAliveA.runOnce(), reports),
                () -> record(keepAliveB.runOnce(), reports)));

        assertEquals(List.of(), both.failureSummary());
        assertEquals(USERS, reports.stream().mapToInt(KeepAliveReport::refreshed).sum(), "each grant once: "
                + reports);
        for (KeepAliveReport report : reports) {
            assertTrue(report.complete() && report.failed().isEmpty() && report.revoked().isEmpty(), report.toString());
        }
        keys.forEach((user, key) -> {
            assertEquals(2, op.refreshCount(user), user + ": the import's refresh and the keep-alive's");
            assertStoredTokenIsTheValidOne(user, key);
        });
        System.out.printf("[measured] keep-alive on two nodes at once on %s: %d idle grants, refreshed %d + %d,"
                + " skipped %d + %d, %d ms%n", databaseName(), USERS, reports.get(0).refreshed(),
                reports.get(1).refreshed(), reports.get(0).skipped(), reports.get(1).skipped(), both.took().toMillis());
    }

    private static String record(KeepAliveReport report, List<KeepAliveReport> reports) {
        reports.add(report);
        return "done";
    }

    /** {@link #USERS} users, each imported into one of the nodes in turn; by user name. */
    Map<String, GrantKey> importUsers() {
        Map<String, GrantKey> keys = new TreeMap<>();
        for (int i = 0; i < USERS; i++) {
            String user = String.format("user-%03d", i);
            keys.put(user, importGrant(user, i % 2 == 0 ? nodeA : nodeB));
        }
        return keys;
    }

    /** Each user's calls (on both nodes, {@code perNode} on each) interleaved, so the nodes race for every row. */
    List<Callable<String>> callsFor(List<String> users, int perNode) {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < perNode; i++) {
            for (String user : users) {
                calls.add(() -> nodeA.accessToken(user).value());
                calls.add(() -> nodeB.accessToken(user).value());
            }
        }
        return calls;
    }

    /** A user with an offline session at the fake, imported into a node (which proves it with one refresh). */
    GrantKey importGrant(String user, OfflineTokenService node) {
        op.addUser(user);
        String offlineToken = (String) op.passwordGrant(user, "openid offline_access").get("refresh_token");
        return node.importToken(user, offlineToken).key();
    }

    void assertStoredTokenIsTheValidOne(String user, GrantKey key) {
        String stored = cipher.open(storeA.find(key).orElseThrow().refreshToken(), key);
        assertEquals(Set.of(stored), op.validRefreshTokens(user), user + ": the stored token is the one the"
                + " provider accepts");
        assertEquals(0, op.failedRefreshCount(), "the provider refused nothing");
        assertTrue(endpointA.refusals().isEmpty() && endpointB.refusals().isEmpty(),
                "never " + ObservedEndpoint.REUSE_EXCEEDED + ": " + endpointA.refusals() + endpointB.refusals());
        assertEquals(1, op.offlineSessionCount(user), user + "'s offline session is alive");
    }

    void assertOneMoreRefreshWorks(String user, GrantKey key) {
        long refreshes = op.refreshCount(user);
        op.clock().advance(NEXT_WINDOW);
        assertTrue(nodeB.accessToken(user).expiresAt().isAfter(op.clock().instant().plus(HTTP.clockSkew())));
        assertEquals(refreshes + 1, op.refreshCount(user));
        assertStoredTokenIsTheValidOne(user, key);
    }

    private static void assertOneTokenPerUser(List<String> users, Hammer.Wave wave) {
        Map<String, Set<String>> tokens = new HashMap<>();
        for (int i = 0; i < wave.values().size(); i++) {
            String user = users.get((i / 2) % users.size());
            tokens.computeIfAbsent(user, u -> new HashSet<>()).add(wave.values().get(i));
        }
        tokens.forEach((user, values) -> assertEquals(1, values.size(), user + " got one token in the window"));
    }

    private void report(String what, int windows, int calls, long refreshes, Duration took) {
        System.out.printf("[measured] %s on %s: %d windows, %d calls, %d provider refreshes, 0 failures, %d ms%n",
                what, databaseName(), windows, calls, refreshes, took.toMillis());
    }

    private JpaGrantStore open(StoreSettings database) {
        JpaGrantStore store = JpaGrantStore.open(database, op.issuer().toString(), op.clientId());
        stores.add(store);
        return store;
    }

    private OidcProvider provider() {
        return new OidcProvider(op.clientSettings(), HTTP, Set.of("RS256"), op.clock());
    }

    private OfflineTokenService node(JpaGrantStore store, ObservedEndpoint endpoint) {
        return OfflineTokenService.builder().client(op.clientSettings()).tokenEndpoint(endpoint).store(store)
                .cipher(cipher).clock(op.clock()).clockSkew(HTTP.clockSkew()).build();
    }
}
