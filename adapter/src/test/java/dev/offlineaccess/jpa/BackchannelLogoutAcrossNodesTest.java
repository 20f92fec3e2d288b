package dev.offlineaccess.jpa;

import dev.offlineaccess.logout.BackchannelLogoutHandler;
import dev.offlineaccess.logout.BackchannelLogoutOptions;
import dev.offlineaccess.logout.BackchannelResult;
import dev.offlineaccess.logout.CachedEndedSessions;
import dev.offlineaccess.logout.InvalidLogoutTokenException;
import dev.offlineaccess.logout.LogoutTokenVerifier;
import dev.offlineaccess.logout.LogoutTokens;
import dev.offlineaccess.logout.OfflineGrantRevoker;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes of one application: each with its own provider facade, verifier, handler and cached registry, sharing
 * only the database. A logout received by one ends the session on both, and a logout token is accepted once.
 */
class BackchannelLogoutAcrossNodesTest {
    private FakeOpenIdProvider op;
    private TestClock clock;
    private H2FileDatabase database;
    private Node a;
    private Node b;

    private record Node(JpaEndedSessions database, CachedEndedSessions registry, LogoutTokenVerifier verifier,
                        BackchannelLogoutHandler handler) {
    }

    @BeforeEach
    void start() throws Exception {
        op = FakeOpenIdProvider.start();
        clock = op.clock();
        database = new H2FileDatabase();
        a = node();
        b = node();
    }

    private Node node() {
        JpaEndedSessions shared = JpaEndedSessions.open(database.settings());
        CachedEndedSessions registry = new CachedEndedSessions(shared, Duration.ofSeconds(3), 1000, clock);
        LogoutTokenVerifier verifier = LogoutTokens.verifier(op, LogoutTokens.provider(op), registry, clock);
        BackchannelLogoutHandler handler = new BackchannelLogoutHandler(verifier, registry, OfflineGrantRevoker.NONE,
                BackchannelLogoutOptions.defaults(), clock);
        return new Node(shared, registry, verifier, handler);
    }

    @AfterEach
    void stop() throws Exception {
        a.database().close();
        b.database().close();
        database.close();
        op.close();
    }

    private static Map<String, List<String>> form(String token) {
        return Map.of(BackchannelLogoutHandler.LOGOUT_TOKEN, List.of(token));
    }

    @Test
    void verifyWhenTheTokenWasAcceptedByAnotherNodeThenItIsAReplay() throws Exception {
        String token = LogoutTokens.sign(op, LogoutTokens.claims(op, "sub-alice", "sid-1"));
        assertEquals("sid-1", a.verifier().verify(token).sid());
        InvalidLogoutTokenException e = assertThrows(InvalidLogoutTokenException.class,
                () -> b.verifier().verify(token));
        assertEquals(InvalidLogoutTokenException.Reason.REPLAYED, e.reason());
    }

    @Test
    void handleWhenBothNodesGetTheSameTokenAtOnceThenExactlyOneAccepts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String token = LogoutTokens.sign(op, LogoutTokens.claims(op, "sub-alice", "sid-" + round));
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<BackchannelResult> onA = CompletableFuture.supplyAsync(() -> await(go,
                        () -> a.handler().handle("application/x-www-form-urlencoded", form(token))), pool);
                CompletableFuture<BackchannelResult> onB = CompletableFuture.supplyAsync(() -> await(go,
                        () -> b.handler().handle("application/x-www-form-urlencoded", form(token))), pool);
                go.countDown();
                List<Integer> statuses = List.of(onA.get().status(), onB.get().status());
                assertTrue(statuses.contains(200) && statuses.contains(400), "round " + round + ": " + statuses);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T await(CountDownLatch go, java.util.function.Supplier<T> work) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return work.get();
    }

    @Test
    void handleWhenNodeAReceivesTheLogoutThenNodeBEndsTheSessionWithinTheCacheTtl() {
        Instant login = clock.instant().minusSeconds(600);
        assertFalse(b.registry().isEnded(op.issuer().toString(), "sub-alice", "sid-1", login));

        String token = LogoutTokens.sign(op, LogoutTokens.claims(op, "sub-alice", "sid-1"));
        assertEquals(200, a.handler().handle("application/x-www-form-urlencoded", form(token)).status());

        assertTrue(a.registry().isEnded(op.issuer().toString(), "sub-alice", "sid-1", login), "at once on node A");
        assertFalse(b.registry().isEnded(op.issuer().toString(), "sub-alice", "sid-1", login), "B's cached answer");
        clock.advance(Duration.ofSeconds(3).plusMillis(1));
        assertTrue(b.registry().isEnded(op.issuer().toString(), "sub-alice", "sid-1", login), "on node B after TTL");
        assertFalse(b.registry().isEnded(op.issuer().toString(), "sub-alice", "sid-2", login), "other sessions live");
    }

    @Test
    void handleWhenTheTokenNamesOnlyTheUserThenEverySessionOfTheUserEndsOnBothNodes() {
        Instant login = clock.instant().minusSeconds(600);
        String token = LogoutTokens.sign(op, LogoutTokens.claims(op, "sub-alice", null));
        assertEquals(200, b.handler().handle("application/x-www-form-urlencoded", form(token)).status());
        String issuer = op.issuer().toString();
        assertTrue(a.registry().isEnded(issuer, "sub-alice", "sid-1", login));
        assertTrue(a.registry().isEnded(issuer, "sub-alice", "sid-2", login));
        assertFalse(a.registry().isEnded(issuer, "sub-alice", "sid-3", clock.instant().plusSeconds(1)),
                "a login after the logout stays");
        assertFalse(a.registry().isEnded(issuer, "sub-bob", "sid-4", login));
    }
}
