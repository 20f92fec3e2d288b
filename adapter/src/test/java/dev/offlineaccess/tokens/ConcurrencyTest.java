package dev.offlineaccess.tokens;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many callers, one grant, a provider with rotation and reuse detection (one replay kills the grant): exactly one
 * refresh per expiry window, in one JVM and across two service instances sharing the store.
 */
class ConcurrencyTest {
    private final TokenFixture fx = TokenFixture.withRotation();
    private final ExecutorService pool = Executors.newFixedThreadPool(100);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void hundredThreadsOneUserThenOneRefreshPerExpiryWindowAndNoFailure() throws Exception {
        GrantKey key = fx.login("alice", "sub-alice");
        fx.provider.latency(Duration.ofMillis(20));

        for (int window = 1; window <= 3; window++) {
            fx.expireAccessTokens();
            long storeCalls = fx.store.calls();
            List<String> tokens = runTogether(100, i -> fx.service.accessToken("alice").value());

            assertEquals(window, fx.provider.refreshCalls(), "one refresh in window " + window);
            assertEquals(1, fx.store.calls() - storeCalls, "one locked store call, no thundering herd");
            assertEquals(1, Set.copyOf(tokens).size(), "everybody shares the one new token");
        }
        assertEquals(1, fx.provider.maxConcurrentRefreshes());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)), "the stored token is the newest");
        assertEquals(0, fx.service.inFlight(), "the single-flight map does not keep entries");
        assertEquals(0, fx.store.lockCount());
    }

    @Test
    void hundredThreadsByNameAndByKeyThenStillOneRefresh() throws Exception {
        GrantKey key = fx.login("alice", "sub-alice");
        fx.provider.latency(Duration.ofMillis(20));
        fx.expireAccessTokens();

        List<String> tokens = runTogether(100, i -> (i % 2 == 0 ? fx.service.accessToken("alice")
                : fx.service.accessToken(key)).value());

        assertEquals(1, fx.provider.refreshCalls());
        assertEquals(1, Set.copyOf(tokens).size());
    }

    @Test
    void twoNodesFiftyThreadsEachThenOneRefreshAndTheSecondNodeUsesTheStoredAccessToken() throws Exception {
        GrantKey key = fx.login("alice", "sub-alice");
        OfflineTokenService nodeA = fx.node();
        OfflineTokenService nodeB = fx.node();
        fx.provider.latency(Duration.ofMillis(20));

        for (int window = 1; window <= 3; window++) {
            fx.expireAccessTokens();
            List<String> tokens = runTogether(100, i -> (i % 2 == 0 ? nodeA : nodeB).accessToken("alice").value());

            assertEquals(window, fx.provider.refreshCalls(), "one refresh across both nodes in window " + window);
            assertEquals(1, Set.copyOf(tokens).size(), "the other node served the stored access token");
        }
        assertEquals(1, fx.provider.maxConcurrentRefreshes());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
        assertEquals(GrantStatus.ACTIVE, fx.row(key).status());
    }

    @Test
    void manyUsersManyThreadsThenOneRefreshPerUser() throws Exception {
        int users = 10;
        for (int u = 0; u < users; u++) {
            fx.login("user" + u, "sub-" + u);
        }
        OfflineTokenService nodeB = fx.node();
        fx.provider.latency(Duration.ofMillis(5));
        fx.expireAccessTokens();

        List<String> tokens = runTogether(100, i -> (i % 2 == 0 ? fx.service : nodeB)
                .accessToken("user" + (i % users)).value());

        assertEquals(users, fx.provider.refreshCalls());
        assertEquals(users, Set.copyOf(tokens).size());
        for (int u = 0; u < users; u++) {
            assertTrue(fx.provider.isUsable(fx.storedRefreshToken(TokenFixture.key("sub-" + u))));
        }
    }

    /** Runs n calls at once (behind a start gate); fails the test with the first exception. */
    private <T> List<T> runTogether(int n, IndexedCall<T> call) throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Callable<T> task = () -> {
                gate.await();
                return call.run(index);
            };
            futures.add(pool.submit(task));
        }
        gate.countDown();
        List<T> results = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                results.add(f.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                failures.add(e);
            }
        }
        assertEquals(List.of(), failures.stream().map(Throwable::toString).collect(Collectors.toList()),
                "no caller failed");
        return results;
    }

    @FunctionalInterface
    private interface IndexedCall<T> {
        T run(int index);
    }
}
