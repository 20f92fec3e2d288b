package dev.offlineaccess.tokens;

import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeepAliveTest {
    /** Keycloak's default offline idle timeout, refreshed after two thirds (20 days). */
    private static final KeepAliveSettings SETTINGS = new KeepAliveSettings(true, Duration.ofDays(30), 2.0 / 3,
            Duration.ofHours(1));
    private final TokenFixture fx = TokenFixture.withRotation();
    private final KeepAlive keepAlive = fx.service.keepAlive(SETTINGS);

    @Test
    void runOnceRefreshesIdleGrantsAndReportsEachOutcomeWithoutStoppingAtFailures() {
        GrantKey ok1 = fx.login("anna", "sub-anna");
        GrantKey ok2 = fx.login("ben", "sub-ben");
        GrantKey disabled = fx.login("carl", "sub-carl");
        GrantKey ended = fx.login("dora", "sub-dora");
        GrantKey unreachable = fx.login("emil", "sub-emil");
        fx.provider.disable(fx.storedRefreshToken(disabled));
        fx.provider.endSession(fx.storedRefreshToken(ended));
        fx.provider.unreachableFor("sub-emil");
        fx.clock.advance(Duration.ofDays(21));
        GrantKey recent = fx.login("fay", "sub-fay");
        StoredGrant unreachableBefore = fx.row(unreachable);

        KeepAliveReport report = keepAlive.runOnce();

        assertTrue(report.complete());
        assertEquals(2, report.refreshed());
        assertEquals(0, report.skipped());
        Map<String, String> revoked = report.revoked().stream().collect(Collectors.toMap(
                KeepAliveReport.RevokedGrant::principal, KeepAliveReport.RevokedGrant::errorDescription));
        assertEquals(Map.of("carl", "User disabled", "dora", "Offline user session not found"), revoked);
        assertEquals(1, report.failed().size());
        KeepAliveReport.FailedGrant failed = report.failed().get(0);
        assertEquals(unreachable, failed.grant());
        assertTrue(failed.isRetryable());
        assertInstanceOf(ProviderTemporarilyUnavailableException.class, failed.failure());

        assertEquals(fx.clock.instant(), fx.row(ok1).lastRefreshed());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(ok2)));
        assertEquals(GrantStatus.REVOKED, fx.row(disabled).status());
        assertEquals("User disabled", fx.row(disabled).revokedReason());
        assertEquals(unreachableBefore, fx.row(unreachable));
        assertEquals(null, fx.row(recent).lastRefreshed(), "a recent grant is left alone");
        assertEquals(report, keepAlive.lastReport().orElseThrow());
    }

    @Test
    void secondRunRightAfterHasNothingToDoButRetriesTheFailedOne() {
        fx.login("anna", "sub-anna");
        fx.login("emil", "sub-emil");
        fx.provider.unreachableFor("sub-emil");
        fx.clock.advance(Duration.ofDays(21));
        keepAlive.runOnce();
        int calls = fx.provider.refreshCalls();

        KeepAliveReport second = keepAlive.runOnce();

        assertEquals(0, second.refreshed());
        assertEquals(1, second.failed().size());
        assertEquals(calls + 1, fx.provider.refreshCalls());
    }

    @Test
    void pagesThroughMoreGrantsThanOnePage() {
        for (int i = 0; i < 120; i++) {
            fx.login("user" + i, "sub-" + i);
        }
        fx.clock.advance(Duration.ofDays(21));

        KeepAliveReport report = keepAlive.runOnce();

        assertEquals(120, report.refreshed());
        assertEquals(120, fx.provider.refreshCalls());
        assertTrue(fx.store.idleSince(fx.clock.instant().minus(SETTINGS.refreshAfter()), 10).isEmpty());
    }

    @Test
    void aSecondNodesRunSkipsWhatTheFirstRefreshed() {
        fx.login("anna", "sub-anna");
        fx.clock.advance(Duration.ofDays(21));
        Instant cutoff = fx.clock.instant().minus(SETTINGS.refreshAfter());
        StoredGrant idle = fx.store.idleSince(cutoff, 1).get(0);
        keepAlive.runOnce();

        boolean refreshedAgain = fx.node().refreshIfIdle(idle.key(), idle.principal(), cutoff);

        assertFalse(refreshedAgain, "under the row lock the grant is no longer idle");
        assertEquals(1, fx.provider.refreshCalls());
    }

    @Test
    void storeDownWhilePagingThenAnIncompleteReport() {
        fx.login("anna", "sub-anna");
        fx.clock.advance(Duration.ofDays(21));
        fx.store.failNextCalls(1);

        KeepAliveReport report = keepAlive.runOnce();

        assertFalse(report.complete());
        assertEquals(0, fx.provider.refreshCalls());
    }

    @Test
    void aRunKeepsTheConfiguredNumberOfRefreshesInFlightAtTheProviderAndNoMore() {
        for (int i = 0; i < 40; i++) {
            fx.login("user" + i, "sub-" + i);
        }
        fx.clock.advance(Duration.ofDays(21));
        fx.provider.latency(Duration.ofMillis(5));
        KeepAlive threeAtATime = fx.service.keepAlive(withConcurrency(3));

        KeepAliveReport report = threeAtATime.runOnce();

        assertEquals(40, report.refreshed());
        assertEquals(40, fx.provider.refreshCalls(), "each grant refreshed once");
        assertEquals(3, fx.provider.maxConcurrentRefreshes());
    }

    @Test
    void whileOneRequestIsInFlightTheNextGrantIsAlreadyLockedAndWaitingForItsTurn() throws Exception {
        fx.login("anna", "sub-anna");
        fx.login("ben", "sub-ben");
        fx.clock.advance(Duration.ofDays(21));
        CompletableFuture<Integer> locksDuringFirstRequest = new CompletableFuture<>();
        fx.provider.beforeAnswer(token -> {
            if (!locksDuringFirstRequest.isDone()) {
                for (int i = 0; i < 500 && fx.store.lockCount() < 2; i++) {
                    sleepMillis(10);
                }
                locksDuringFirstRequest.complete(fx.store.lockCount());
            }
        });

        KeepAliveReport report = keepAlive.runOnce();

        assertEquals(2, report.refreshed());
        assertEquals(2, locksDuringFirstRequest.get(), "the second grant's row was locked during the first request");
        assertEquals(1, fx.provider.maxConcurrentRefreshes(), "but only one request at a time reached the provider");
    }

    @Test
    void aGrantLeftIdleByAFailureIsTriedOncePerRunAcrossPages() {
        for (int i = 0; i < 250; i++) {
            fx.login("user" + i, "sub-" + i);
            if (i % 2 == 0) {
                fx.provider.unreachableFor("sub-" + i);
            }
        }
        fx.clock.advance(Duration.ofDays(21));

        KeepAliveReport report = fx.service.keepAlive(withConcurrency(2)).runOnce();

        assertTrue(report.complete());
        assertEquals(125, report.refreshed());
        assertEquals(125, report.failed().size());
        assertEquals(250, fx.provider.refreshCalls(), "the failed grants stay idle, yet no page reads one again");
    }

    @Test
    void startRunsOnADaemonThreadUntilStopped() throws InterruptedException {
        fx.login("anna", "sub-anna");
        fx.clock.advance(Duration.ofDays(21));
        KeepAlive fast = fx.service.keepAlive(new KeepAliveSettings(true, Duration.ofDays(30), 2.0 / 3,
                Duration.ofMillis(10)));

        assertTrue(fast.start());
        assertFalse(fast.start(), "already running");
        for (int i = 0; i < 500 && fast.lastReport().isEmpty(); i++) {
            Thread.sleep(10);
        }
        fast.stop();

        assertFalse(fast.isRunning());
        assertTrue(fast.lastReport().isPresent());
        assertEquals(1, fx.provider.refreshCalls(), "refreshed by the first run; later runs find nothing idle");
        assertEquals(fx.clock.instant(), fx.row(fx.key("sub-anna")).lastRefreshed());
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("offline-token-keep-alive")).toList();
        for (Thread thread : threads) {
            assertTrue(thread.isDaemon());
            thread.join(2000);
            assertFalse(thread.isAlive(), thread.getName() + " ends after stop()");
        }
    }

    @Test
    void startWhenDisabledDoesNothing() {
        KeepAlive disabled = fx.service.keepAlive(new KeepAliveSettings(false, Duration.ofDays(30), 2.0 / 3,
                Duration.ofHours(1)));

        assertFalse(disabled.start());
        assertFalse(disabled.isRunning());
        disabled.close();
    }

    @Test
    void workersCoverTheTurnsAtTheProviderAndHalfAsManyAgain() {
        assertEquals(2, KeepAlive.workerCount(1));
        assertEquals(3, KeepAlive.workerCount(2));
        assertEquals(12, KeepAlive.workerCount(KeepAliveSettings.MAX_CONCURRENCY));
    }

    private static KeepAliveSettings withConcurrency(int concurrency) {
        return new KeepAliveSettings(true, Duration.ofDays(30), 2.0 / 3, Duration.ofHours(1), concurrency);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
