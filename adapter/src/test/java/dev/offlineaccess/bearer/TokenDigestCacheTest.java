package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TokenDigestCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final TokenDigest A = TokenDigest.of("a");
    private static final TokenDigest B = TokenDigest.of("b");
    private static final TokenDigest C = TokenDigest.of("c");
    private static final TokenDigest D = TokenDigest.of("d");

    @Test
    void getWhenBeforeExpiryThenValueAndAtExpiryThenMissAndDropped() {
        TokenDigestCache<String> cache = new TokenDigestCache<>(10);
        cache.put(A, "answer", NOW.plusSeconds(10), NOW);

        assertEquals("answer", cache.get(A, NOW.plusSeconds(9)));
        assertNull(cache.get(A, NOW.plusSeconds(10)));
        assertEquals(0, cache.size());
    }

    @Test
    void putWhenAlreadyExpiredThenNothingKept() {
        TokenDigestCache<String> cache = new TokenDigestCache<>(10);
        cache.put(A, "answer", NOW, NOW);

        assertNull(cache.get(A, NOW.minusSeconds(1)));
        assertEquals(0, cache.size());
    }

    @Test
    void putWhenFullThenTheOldestGoesFirst() {
        TokenDigestCache<String> cache = new TokenDigestCache<>(3);
        for (TokenDigest key : List.of(A, B, C, D)) {
            cache.put(key, "answer", NOW.plusSeconds(60), NOW);
        }

        assertEquals(3, cache.size());
        assertNull(cache.get(A, NOW));
        assertEquals("answer", cache.get(D, NOW));
    }

    @Test
    void putWhenTheOldestExpiredThenItGoesBeforeAnyLiveEntry() {
        TokenDigestCache<String> cache = new TokenDigestCache<>(3);
        cache.put(A, "short", NOW.plusSeconds(10), NOW);
        cache.put(B, "long", NOW.plusSeconds(60), NOW);

        cache.put(C, "long", NOW.plusSeconds(70), NOW.plusSeconds(11));

        assertEquals(2, cache.size());
        assertEquals("long", cache.get(B, NOW.plusSeconds(11)));
    }

    @Test
    void putWhenTheKeyIsKeptThenReplacedWithoutEvictingAnother() {
        TokenDigestCache<String> cache = new TokenDigestCache<>(2);
        cache.put(A, "first", NOW.plusSeconds(60), NOW);
        cache.put(B, "other", NOW.plusSeconds(60), NOW);

        cache.put(A, "second", NOW.plusSeconds(60), NOW);

        assertEquals("second", cache.get(A, NOW));
        assertEquals("other", cache.get(B, NOW));
    }

    @Test
    void maxEntriesZeroThenNothingIsEverKept() {
        TokenDigestCache<String> cache = new TokenDigestCache<>(0);
        cache.put(A, "answer", NOW.plusSeconds(60), NOW);

        assertNull(cache.get(A, NOW));
        assertEquals(0, cache.size());
    }

    @Test
    void putWhenEntriesKeepExpiringOnReadsThenTheQueueStaysBounded() {
        TokenDigestCache<String> cache = new TokenDigestCache<>(100);
        Instant now = NOW;
        for (int i = 0; i < 10_000; i++) {
            TokenDigest key = TokenDigest.of("token-" + i);
            cache.put(key, "answer", now.plusSeconds(1), now);
            now = now.plusSeconds(2);
            assertNull(cache.get(key, now));   // expired, dropped from the map by the read
        }

        assertEquals(0, cache.size());
        assertTrue(cache.queueLength() <= 100 + 25, () -> "queue " + cache.queueLength());
    }

    @Test
    void putFromManyThreadsThenSizeNeverAboveTheMaximum() throws Exception {
        int max = 50;
        TokenDigestCache<String> cache = new TokenDigestCache<>(max);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger largestSeen = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> watcher = pool.submit(() -> {
                while (writing.get()) {
                    largestSeen.accumulateAndGet(cache.size(), Math::max);
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5_000; i++) {
                        TokenDigest key = TokenDigest.of(writer + "-" + i);
                        cache.put(key, "answer", NOW.plusSeconds(60), NOW);
                        cache.get(key, NOW);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(30, TimeUnit.SECONDS);
            }
            writing.set(false);
            watcher.get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertTrue(largestSeen.get() <= max, () -> "saw " + largestSeen.get());
        assertEquals(max, cache.size());
    }

    @Test
    void toStringShowsTheCountsOnly() {
        TokenDigestCache<String> cache = new TokenDigestCache<>(10);
        cache.put(A, "secret-answer", NOW.plusSeconds(60), NOW);

        assertEquals("TokenDigestCache[1 of at most 10 entries]", cache.toString());
    }
}
