package dev.offlineaccess.logout;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpiringMapTest {
    private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");

    @Test
    void getWhenExpiredThenNull() {
        ExpiringMap<String, String> map = new ExpiringMap<>(10);
        map.put("k", "v", NOW.plusSeconds(5), NOW);
        assertEquals("v", map.get("k", NOW.plusSeconds(5)));
        assertNull(map.get("k", NOW.plusSeconds(6)));
        assertEquals(0, map.size());
    }

    @Test
    void putWhenFullThenDropsExpiredBeforeLiveEntries() {
        ExpiringMap<String, String> map = new ExpiringMap<>(2);
        map.put("old", "1", NOW.plusSeconds(1), NOW);
        map.put("live", "2", NOW.plusSeconds(100), NOW);
        map.put("new", "3", NOW.plusSeconds(100), NOW.plusSeconds(2));
        assertEquals("2", map.get("live", NOW.plusSeconds(2)));
        assertEquals("3", map.get("new", NOW.plusSeconds(2)));
        assertEquals(2, map.size());
    }

    @Test
    void putWhenFullOfLiveEntriesThenDropsTheOldest() {
        ExpiringMap<String, String> map = new ExpiringMap<>(2);
        map.put("a", "1", NOW.plusSeconds(100), NOW);
        map.put("b", "2", NOW.plusSeconds(100), NOW);
        map.put("c", "3", NOW.plusSeconds(100), NOW);
        assertNull(map.get("a", NOW));
        assertEquals("2", map.get("b", NOW));
        assertEquals("3", map.get("c", NOW));
    }

    @Test
    void putIfAbsentWhenLiveThenKeepsTheFirst() {
        ExpiringMap<String, String> map = new ExpiringMap<>(10);
        assertTrue(map.putIfAbsent("k", "first", NOW.plusSeconds(5), NOW));
        assertFalse(map.putIfAbsent("k", "second", NOW.plusSeconds(5), NOW));
        assertTrue(map.putIfAbsent("k", "third", NOW.plusSeconds(20), NOW.plusSeconds(6)));
        assertEquals("third", map.get("k", NOW.plusSeconds(6)));
    }

    @Test
    void removeExpiredBeforeWhenCalledThenKeepsLaterEntries() {
        ExpiringMap<String, String> map = new ExpiringMap<>(10);
        map.put("a", "1", NOW.plusSeconds(1), NOW);
        map.put("b", "2", NOW.plusSeconds(10), NOW);
        map.removeExpiredBefore(NOW.plusSeconds(5));
        assertEquals(1, map.size());
        assertEquals("2", map.get("b", NOW));
    }
}
