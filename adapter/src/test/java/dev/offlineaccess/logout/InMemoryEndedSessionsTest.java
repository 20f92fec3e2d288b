package dev.offlineaccess.logout;

import dev.offlineaccess.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry contract on one node's memory, plus its bounds. */
class InMemoryEndedSessionsTest extends EndedSessionsContract {
    private final TestClock clock = new TestClock(Instant.now());
    private final InMemoryEndedSessions registry = new InMemoryEndedSessions(clock);

    @Override
    protected EndedSessions nodeA() {
        return registry;
    }

    @Override
    protected EndedSessions nodeB() {
        return registry;
    }

    @Test
    void recordWhenFullThenForgetsTheOldestEndingFirst() {
        InMemoryEndedSessions small = new InMemoryEndedSessions(3, clock);
        for (int i = 1; i <= 4; i++) {
            small.record(new EndedSession(issuer, "sub-" + i, "sid-" + i, T0));
        }
        assertFalse(small.isEnded(issuer, "sub-1", "sid-1", T0.minusSeconds(1)));
        for (int i = 2; i <= 4; i++) {
            assertTrue(small.isEnded(issuer, "sub-" + i, "sid-" + i, T0.minusSeconds(1)), "ending " + i);
        }
    }

    @Test
    void markJtiSeenWhenFullThenExpiredMarksGoBeforeLiveOnes() {
        InMemoryEndedSessions small = new InMemoryEndedSessions(2, clock);
        Instant now = clock.instant();
        assertTrue(small.markJtiSeen("expiring", now.plusSeconds(10)));
        assertTrue(small.markJtiSeen("live", now.plus(Duration.ofMinutes(6))));
        clock.advance(Duration.ofSeconds(11));
        assertTrue(small.markJtiSeen("new", clock.instant().plus(Duration.ofMinutes(6))));
        assertFalse(small.markJtiSeen("live", clock.instant().plus(Duration.ofMinutes(6))));
        assertFalse(small.markJtiSeen("new", clock.instant().plus(Duration.ofMinutes(6))));
    }

    @Test
    void markJtiSeenWhenTheMarkExpiredThenTheJtiCountsAsNew() {
        Instant now = clock.instant();
        assertTrue(registry.markJtiSeen("j-1", now.plusSeconds(10)));
        clock.advance(Duration.ofSeconds(11));
        assertTrue(registry.markJtiSeen("j-1", clock.instant().plusSeconds(10)));
    }

    @Test
    void constructorWhenMaxEntriesNotPositiveThenRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryEndedSessions(0, clock));
    }
}
