package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.offlineaccess.testing.TestClock;

class IntrospectionCacheTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private final TestClock clock = new TestClock(START);
    private final TokenCheck valid = new TokenCheck.Valid(Map.of("sub", "alice"), null);

    @Test
    void getWhenPutWithinTtlThenAnswer() {
        IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(30), 10, clock);
        cache.put("tok", valid, null);
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Optional.of(valid), cache.get("tok"));
    }

    @Test
    void getWhenTtlPassedThenEmptyAndEntryDropped() {
        IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(30), 10, clock);
        cache.put("tok", valid, null);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), cache.get("tok"));
        assertEquals(0, cache.size());
    }

    @Test
    void getWhenTokenExpiresBeforeTtlThenExpiryWins() {
        IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(30), 10, clock);
        cache.put("tok", valid, START.plusSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        assertTrue(cache.get("tok").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), cache.get("tok"));
    }

    @Test
    void putWhenTokenAlreadyExpiredOrUnavailableOrTtlZeroThenNothingCached() {
        IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(30), 10, clock);
        cache.put("expired", valid, START);
        cache.put("down", new TokenCheck.Unavailable("timeout"), null);
        assertEquals(0, cache.size());

        IntrospectionCache off = new IntrospectionCache(Duration.ZERO, 10, clock);
        off.put("tok", valid, null);
        assertEquals(Optional.empty(), off.get("tok"));
    }

    @Test
    void putWhenRejectedThenCachedToo() {
        IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(30), 10, clock);
        TokenCheck rejected = new TokenCheck.Rejected("The access token is not active");
        cache.put("tok", rejected, null);
        assertEquals(Optional.of(rejected), cache.get("tok"));
    }

    @Test
    void putWhenFullThenTheOldestAnswerGoesFirst() {
        IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(30), 3, clock);
        cache.put("a", valid, null);
        cache.put("b", valid, null);
        cache.put("c", valid, null);
        cache.put("d", valid, null);

        assertEquals(3, cache.size());
        assertFalse(cache.get("a").isPresent());
        assertTrue(cache.get("b").isPresent());
        assertTrue(cache.get("c").isPresent());
        assertTrue(cache.get("d").isPresent());
    }

    @Test
    void toStringShowsCountsOnly() {
        IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(30), 3, clock);
        cache.put("2YotnFZFEjr1zCsicMWpAA", valid, null);

        assertEquals("IntrospectionCache[ttl=PT30S, TokenDigestCache[1 of at most 3 entries]]", cache.toString());
    }
}
