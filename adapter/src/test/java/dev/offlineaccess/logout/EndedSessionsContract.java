package dev.offlineaccess.logout;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link EndedSessions} registry does. Subclasses give two handles on one registry ("node A" and
 * "node B": the same instance for a single-node registry, two instances on one database for a shared one). Each
 * test works under its own issuer, so a database may be shared by all tests of a class.
 */
public abstract class EndedSessionsContract {
    protected static final Instant T0 = Instant.parse("2026-11-20T09:00:00.123456Z");

    protected String issuer;

    /** The registry as seen by one node. */
    protected abstract EndedSessions nodeA();

    /** The same registry as seen by another node. */
    protected abstract EndedSessions nodeB();

    @BeforeEach
    void freshIssuer() {
        issuer = "https://sso.example.test/realms/" + UUID.randomUUID();
    }

    private EndedSession ending(String subject, String sid, Instant at) {
        return new EndedSession(issuer, subject, sid, at);
    }

    @Test
    public void isEndedWhenNothingRecordedThenFalse() {
        assertFalse(nodeA().isEnded(issuer, "sub-alice", "sid-1", T0));
        assertFalse(nodeA().isEnded(issuer, "sub-alice", null, T0));
    }

    @Test
    public void isEndedWhenTheSidWasEndedAfterLoginThenTrueForThatSessionOnly() {
        nodeA().record(ending("sub-alice", "sid-1", T0));
        assertTrue(nodeA().isEnded(issuer, "sub-alice", "sid-1", T0.minusSeconds(60)));
        assertFalse(nodeA().isEnded(issuer, "sub-alice", "sid-2", T0.minusSeconds(60)));
        assertFalse(nodeA().isEnded(issuer, "sub-bob", "sid-3", T0.minusSeconds(60)));
    }

    @Test
    public void isEndedWhenOnlyTheSidWasNamedThenTheSessionEndsWhateverItsSubject() {
        nodeA().record(ending(null, "sid-1", T0));
        assertTrue(nodeA().isEnded(issuer, "sub-alice", "sid-1", T0.minusSeconds(60)));
        assertTrue(nodeA().isEnded(issuer, null, "sid-1", T0.minusSeconds(60)));
        assertFalse(nodeA().isEnded(issuer, "sub-alice", "sid-2", T0.minusSeconds(60)));
    }

    @Test
    public void isEndedWhenOnlyTheSubjectWasNamedThenEverySessionOfTheUserEnds() {
        nodeA().record(ending("sub-alice", null, T0));
        assertTrue(nodeA().isEnded(issuer, "sub-alice", "sid-1", T0.minusSeconds(60)));
        assertTrue(nodeA().isEnded(issuer, "sub-alice", "sid-2", T0.minusSeconds(600)));
        assertTrue(nodeA().isEnded(issuer, "sub-alice", null, T0.minusSeconds(60)));
        assertFalse(nodeA().isEnded(issuer, "sub-bob", "sid-3", T0.minusSeconds(60)));
    }

    @Test
    public void isEndedWhenTheSessionLoggedInAfterTheEndingThenFalse() {
        nodeA().record(ending("sub-alice", null, T0));
        nodeA().record(ending("sub-bob", "sid-b", T0));
        assertFalse(nodeA().isEnded(issuer, "sub-alice", "sid-new", T0.plusMillis(1)));
        assertFalse(nodeA().isEnded(issuer, "sub-bob", "sid-b", T0.plusSeconds(1)));
    }

    @Test
    public void isEndedWhenTheSessionLoggedInAtTheSameInstantThenTrue() {
        nodeA().record(ending("sub-alice", "sid-1", T0));
        assertTrue(nodeA().isEnded(issuer, "sub-alice", "sid-1", T0));
    }

    @Test
    public void isEndedWhenTheSessionsSidIsUnknownThenAnyEndingOfItsSubjectCounts() {
        nodeA().record(ending("sub-alice", "sid-1", T0));
        assertTrue(nodeA().isEnded(issuer, "sub-alice", null, T0.minusSeconds(60)));
        assertFalse(nodeA().isEnded(issuer, "sub-alice", null, T0.plusSeconds(1)));
    }

    @Test
    public void isEndedWhenAnEndingOfTheSameSidCameEarlierAndLaterThenTheLaterCounts() {
        nodeA().record(ending("sub-alice", "sid-1", T0.plusSeconds(100)));
        nodeA().record(ending("sub-alice", "sid-1", T0));
        assertTrue(nodeA().isEnded(issuer, "sub-alice", "sid-1", T0.plusSeconds(50)));
        assertFalse(nodeA().isEnded(issuer, "sub-alice", "sid-1", T0.plusSeconds(101)));
    }

    @Test
    public void isEndedWhenAnotherIssuerEndedTheSameIdsThenFalse() {
        nodeA().record(new EndedSession(issuer + "-other", "sub-alice", null, T0));
        nodeA().record(new EndedSession(issuer + "-other", null, "sid-1", T0));
        assertFalse(nodeA().isEnded(issuer, "sub-alice", "sid-1", T0.minusSeconds(60)));
    }

    @Test
    public void isEndedWhenNeitherSubjectNorSidIsKnownThenFalse() {
        nodeA().record(ending("sub-alice", null, T0));
        assertFalse(nodeA().isEnded(issuer, null, null, T0.minusSeconds(60)));
    }

    @Test
    public void isEndedWhenAnotherNodeRecordedTheEndingThenTrue() {
        nodeA().record(ending("sub-alice", "sid-1", T0));
        assertTrue(nodeB().isEnded(issuer, "sub-alice", "sid-1", T0.minusSeconds(60)));
    }

    @Test
    public void markJtiSeenWhenNewThenTrueAndWhenRepeatedThenFalse() {
        String jti = UUID.randomUUID().toString();
        Instant expires = Instant.now().plus(Duration.ofMinutes(6));
        assertTrue(nodeA().markJtiSeen(jti, expires));
        assertFalse(nodeA().markJtiSeen(jti, expires));
        assertTrue(nodeA().markJtiSeen(UUID.randomUUID().toString(), expires));
    }

    @Test
    public void markJtiSeenWhenAnotherNodeMarkedItThenFalse() {
        String jti = UUID.randomUUID().toString();
        Instant expires = Instant.now().plus(Duration.ofMinutes(6));
        assertTrue(nodeA().markJtiSeen(jti, expires));
        assertFalse(nodeB().markJtiSeen(jti, expires));
    }

    @Test
    public void markJtiSeenWhenNodesRaceForOneJtiThenExactlyOneWins() throws Exception {
        int racers = 8;
        for (int round = 0; round < 5; round++) {
            String jti = UUID.randomUUID().toString();
            Instant expires = Instant.now().plus(Duration.ofMinutes(6));
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                EndedSessions node = i % 2 == 0 ? nodeA() : nodeB();
                tasks.add(() -> {
                    start.await();
                    return node.markJtiSeen(jti, expires);
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (Callable<Boolean> task : tasks) {
                    results.add(pool.submit(task));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "round " + round);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    public void purgeOlderThanWhenEndingsAreOldThenForgetsThemAndKeepsNewerOnes() {
        Instant old = T0.minus(Duration.ofDays(400));
        nodeA().record(ending("sub-alice", null, old));
        nodeA().record(ending("sub-bob", "sid-b", old));
        nodeA().record(ending("sub-carol", "sid-c", T0));
        nodeA().purgeOlderThan(T0.minus(Duration.ofDays(399)));
        assertFalse(nodeA().isEnded(issuer, "sub-alice", "sid-1", old.minusSeconds(60)));
        assertFalse(nodeB().isEnded(issuer, "sub-bob", "sid-b", old.minusSeconds(60)));
        assertTrue(nodeB().isEnded(issuer, "sub-carol", "sid-c", T0.minusSeconds(60)));
    }

    @Test
    public void purgeOlderThanWhenAJtiExpiredThenItMayBeMarkedAgainButAFreshOneMayNot() {
        String expired = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        Instant now = Instant.now();
        assertTrue(nodeA().markJtiSeen(expired, now.minus(Duration.ofDays(400))));
        assertTrue(nodeA().markJtiSeen(fresh, now.plus(Duration.ofMinutes(6))));
        nodeA().purgeOlderThan(now.plusSeconds(1));
        assertTrue(nodeB().markJtiSeen(expired, now.plus(Duration.ofMinutes(6))));
        assertFalse(nodeB().markJtiSeen(fresh, now.plus(Duration.ofMinutes(6))));
    }
}
