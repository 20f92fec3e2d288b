package dev.offlineaccess.logout;

import dev.offlineaccess.testing.TestClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The short cache in front of a shared registry: cheap per-request checks, bounded propagation delay. */
class CachedEndedSessionsTest {
    private static final String ISSUER = "https://sso.example.test/realms/portal";
    private static final Duration TTL = Duration.ofSeconds(3);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-20T09:00:00Z"));
    private final InMemoryEndedSessions shared = new InMemoryEndedSessions(clock);
    private final CountingEndedSessions database = new CountingEndedSessions(shared);
    private final CachedEndedSessions nodeA = new CachedEndedSessions(database, TTL, 100, clock);
    private final CachedEndedSessions nodeB = new CachedEndedSessions(database, TTL, 100, clock);
    private final Instant login = clock.instant().minusSeconds(600);

    @Test
    void isEndedWhenAskedAgainWithinTheTtlThenAnswersFromTheCache() {
        assertFalse(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
        assertFalse(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
        clock.advance(TTL);
        assertFalse(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
        assertEquals(1, database.lookups.get());
    }

    @Test
    void isEndedWhenTheTtlPassedThenAsksTheRegistryAgain() {
        nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login);
        clock.advance(TTL.plusMillis(1));
        nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login);
        assertEquals(2, database.lookups.get());
    }

    @Test
    void isEndedWhenAnotherNodeRecordedAnEndingThenSeesItAtMostOneTtlLater() {
        assertFalse(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
        nodeB.record(new EndedSession(ISSUER, "sub-alice", "sid-1", clock.instant()));
        assertFalse(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login), "still the cached answer");
        clock.advance(TTL.plusMillis(1));
        assertTrue(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
    }

    @Test
    void isEndedWhenThisNodeRecordedTheEndingThenSeesItAtOnce() {
        assertFalse(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
        nodeA.record(new EndedSession(ISSUER, "sub-alice", null, clock.instant()));
        assertTrue(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
    }

    @Test
    void isEndedWhenDifferentSessionsThenCachedSeparately() {
        nodeA.record(new EndedSession(ISSUER, "sub-alice", "sid-1", clock.instant()));
        assertTrue(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
        assertFalse(nodeA.isEnded(ISSUER, "sub-alice", "sid-2", login));
        assertFalse(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", clock.instant().plusSeconds(1)));
    }

    @Test
    void isEndedWhenTheRegistryFailsThenThrowsAndCachesNothing() {
        database.down = true;
        assertThrows(EndedSessionsUnavailableException.class, () -> nodeA.isEnded(ISSUER, "sub-alice", "sid-1",
                login));
        database.down = false;
        shared.record(new EndedSession(ISSUER, "sub-alice", "sid-1", clock.instant()));
        assertTrue(nodeA.isEnded(ISSUER, "sub-alice", "sid-1", login));
    }

    @Test
    void isEndedWhenTtlIsZeroThenAlwaysAsksTheRegistry() {
        CachedEndedSessions uncached = new CachedEndedSessions(database, Duration.ZERO, 100, clock);
        uncached.isEnded(ISSUER, "sub-alice", "sid-1", login);
        uncached.isEnded(ISSUER, "sub-alice", "sid-1", login);
        assertEquals(2, database.lookups.get());
    }

    @Test
    void markJtiSeenWhenThisNodeSawItThenRefusesWithoutAskingTheRegistry() {
        Instant expires = clock.instant().plus(Duration.ofMinutes(6));
        assertTrue(nodeA.markJtiSeen("j-1", expires));
        assertFalse(nodeA.markJtiSeen("j-1", expires));
        assertEquals(1, database.jtiMarks.get());
    }

    @Test
    void markJtiSeenWhenAnotherNodeSawItThenTheRegistryRefuses() {
        Instant expires = clock.instant().plus(Duration.ofMinutes(6));
        assertTrue(nodeA.markJtiSeen("j-1", expires));
        assertFalse(nodeB.markJtiSeen("j-1", expires));
        assertFalse(nodeB.markJtiSeen("j-1", expires));
        assertEquals(2, database.jtiMarks.get());
    }

    @Test
    void constructorWhenTtlNegativeThenRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new CachedEndedSessions(database, Duration.ofSeconds(-1),
                10, clock));
    }

    /** The full registry contract holds with the cache in front, one cache per node. */
    @Nested
    class Contract extends EndedSessionsContract {
        private final InMemoryEndedSessions backing = new InMemoryEndedSessions(new TestClock(Instant.now()));
        private final CachedEndedSessions a = new CachedEndedSessions(backing, new TestClock(Instant.now()));
        private final CachedEndedSessions b = new CachedEndedSessions(backing, new TestClock(Instant.now()));

        @Override
        protected EndedSessions nodeA() {
            return a;
        }

        @Override
        protected EndedSessions nodeB() {
            return b;
        }
    }
}
