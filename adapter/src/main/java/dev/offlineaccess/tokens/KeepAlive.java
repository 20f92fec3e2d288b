package dev.offlineaccess.tokens;

import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps offline grants alive: the provider forgets an offline session idle for longer than its idle timeout
 * (Keycloak: 30 days), and only a refresh counts as use. A run refreshes, through the same locked path as
 * {@link OfflineTokens#accessToken}, every active grant whose last refresh is older than
 * {@link KeepAliveSettings#refreshAfter()}, page by page, and returns a {@link KeepAliveReport}. One grant's
 * failure never stops the others.
 *
 * <p>A run keeps {@link KeepAliveSettings#concurrency()} refresh requests in flight at the provider. Its workers
 * (half as many again) take the next grant's row lock and write the last one's rotated token while those requests
 * run, so the provider is never left waiting for the database. Pages are read by position
 * ({@link GrantStore#idleSince(Instant, GrantStore.IdlePosition, int)}): a run holds one page, never the list of
 * what it has seen, so its memory does not grow with the number of grants.
 *
 * <p>{@link #start()} runs it every {@link KeepAliveSettings#interval()} on one daemon thread; whoever starts it
 * stops it ({@link #stop()}). Several nodes may run it: a grant another node refreshed meanwhile is skipped under
 * its row lock. Runs never overlap within one instance.
 *
 * <p>Thread-safe. No argument may be {@code null}.
 */
public final class KeepAlive implements AutoCloseable {
    static final String RUN_FAILED_ID = "OA-W005";
    private static final int PAGE = 100;
    private static final System.Logger LOG = System.getLogger(KeepAlive.class.getName());

    private final OfflineTokenService service;
    private final GrantRefresher refresher;
    private final KeepAliveSettings settings;
    private final Clock clock;
    private final AtomicReference<KeepAliveReport> last = new AtomicReference<>();
    private final Object runLock = new Object();
    private ScheduledExecutorService scheduler;

    KeepAlive(OfflineTokenService service, GrantRefresher refresher, KeepAliveSettings settings, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Refreshes every idle grant once, now (after a run in progress, if any). The calling thread reads the pages;
     * workers of this run refresh the grants and end with it.
     */
    public KeepAliveReport runOnce() {
        synchronized (runLock) {
            return run();
        }
    }

    private KeepAliveReport run() {
        Instant started = clock.instant();
        Instant cutoff = started.minus(settings.refreshAfter());
        Tally tally = new Tally();
        boolean complete = true;
        ExecutorService workers = Executors.newFixedThreadPool(workerCount(settings.concurrency()),
                daemon("offline-token-keep-alive-worker"));
        try {
            service.flushPendingWrites();
            GrantStore.IdlePosition after = null;
            List<StoredGrant> batch;
            do {
                batch = service.store().idleSince(cutoff, after, PAGE);
                refreshAll(batch, cutoff, tally, workers);
                after = batch.isEmpty() ? after : GrantStore.IdlePosition.of(batch.get(batch.size() - 1));
            } while (batch.size() == PAGE);
        } catch (TokenStoreUnavailableException down) {
            complete = false;
            LOG.log(Level.WARNING, () -> RUN_FAILED_ID + ": keep-alive stopped early, the token store is"
                    + " unavailable: " + down.getMessage());
        } catch (InterruptedException stopped) {
            complete = false;
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdownNow();
        }
        KeepAliveReport report = tally.report(started, Duration.between(started, clock.instant()), complete);
        last.set(report);
        LOG.log(Level.DEBUG, () -> "Keep-alive: " + report.refreshed() + " refreshed, " + report.revoked().size()
                + " revoked, " + report.failed().size() + " failed");
        return report;
    }

    /**
     * The workers a run uses for {@code inFlight} requests at the provider: half as many again, so that a worker is
     * always ready when a request ends. Each holds a database connection while it works.
     */
    public static int workerCount(int inFlight) {
        return inFlight + (inFlight + 1) / 2;
    }

    /** Refreshes one page on the workers and waits for all of it; an interrupt cancels what has not started. */
    private void refreshAll(List<StoredGrant> batch, Instant cutoff, Tally tally, ExecutorService workers)
            throws InterruptedException {
        List<Future<?>> running = new ArrayList<>(batch.size());
        for (StoredGrant grant : batch) {
            running.add(workers.submit(() -> keepAlive(grant, cutoff, tally)));
        }
        for (Future<?> each : running) {
            try {
                each.get();
            } catch (ExecutionException unexpected) {
                throw new IllegalStateException("a keep-alive worker failed", unexpected.getCause());
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs {@link #runOnce()} every interval, first after one interval, on a daemon thread.
     *
     * @return {@code false} when the settings disable the keep-alive or it is already running
     */
    public synchronized boolean start() {
        if (!settings.enabled() || scheduler != null) {
            return false;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("offline-token-keep-alive"));
        long every = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::scheduledRun, every, every, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Stops the schedule, interrupting a running run, and waits up to 10 s for it to end. */
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            running.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Whether the schedule is running. */
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** The report of the latest run, if any. */
    public Optional<KeepAliveReport> lastReport() {
        return Optional.ofNullable(last.get());
    }

    private void keepAlive(StoredGrant grant, Instant cutoff, Tally tally) {
        try {
            if (refresher.refreshIfIdle(grant.key(), grant.principal(), cutoff)) {
                tally.refreshed.incrementAndGet();
            } else {
                tally.skipped.incrementAndGet();
            }
        } catch (NoOfflineGrantException forgottenMeanwhile) {
            tally.skipped.incrementAndGet();
        } catch (OfflineGrantRevokedException revoked) {
            tally.revoked.add(new KeepAliveReport.RevokedGrant(grant.key(), grant.principal(), revoked.error(),
                    revoked.errorDescription()));
        } catch (OfflineTokenException | SealedTokenException failure) {
            tally.failed.add(new KeepAliveReport.FailedGrant(grant.key(), grant.principal(), failure));
        }
    }

    /** The schedule's task: a run that throws would end the schedule, so whatever escapes is logged instead. */
    private void scheduledRun() {
        try {
            runOnce();
        } catch (RuntimeException unexpected) {
            LOG.log(Level.WARNING, RUN_FAILED_ID + ": keep-alive run failed; the next one runs as scheduled",
                    unexpected);
        }
    }

    @Override
    public String toString() {
        return "KeepAlive[refreshAfter=" + settings.refreshAfter() + ", interval=" + settings.interval() + "]";
    }

    /** Counts of one run, shared by its workers. */
    private static final class Tally {
        private final AtomicInteger refreshed = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();
        private final Queue<KeepAliveReport.RevokedGrant> revoked = new ConcurrentLinkedQueue<>();
        private final Queue<KeepAliveReport.FailedGrant> failed = new ConcurrentLinkedQueue<>();

        KeepAliveReport report(Instant started, Duration took, boolean complete) {
            return new KeepAliveReport(started, took, refreshed.get(), skipped.get(), List.copyOf(revoked),
                    List.copyOf(failed), complete);
        }
    }
}
