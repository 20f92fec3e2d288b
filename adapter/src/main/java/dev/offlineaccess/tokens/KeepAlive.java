package dev.offlineaccess.tokens;

import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps offline grants alive: the provider forgets an offline session idle for longer than its idle timeout
 * (Keycloak: 30 days), and only a refresh counts as use. A run refreshes, through the same locked path as
 * {@link OfflineTokens#accessToken}, every active grant whose last refresh is older than
 * {@link KeepAliveSettings#refreshAfter()}, page by page, and returns a {@link KeepAliveReport}. One grant's
 * failure never stops the others.
 *
 * <p>{@link #start()} runs it every {@link KeepAliveSettings#interval()} on one daemon thread; whoever starts it
 * stops it ({@link #stop()}). Several nodes may run it: a grant another node refreshed meanwhile is skipped under
 * its row lock. Runs never overlap within one instance.
 *
 * <p>Thread-safe. No argument may be {@code null}.
 */
public final class KeepAlive implements AutoCloseable {
    static final String RUN_FAILED_ID = "OA-W005";
    private static final int PAGE = 50;
    private static final System.Logger LOG = System.getLogger(KeepAlive.class.getName());

    private final OfflineTokenService service;
    private final KeepAliveSettings settings;
    private final Clock clock;
    private final AtomicReference<KeepAliveReport> last = new AtomicReference<>();
    private final Object runLock = new Object();
    private ScheduledExecutorService scheduler;

    KeepAlive(OfflineTokenService service, KeepAliveSettings settings, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Refreshes every idle grant once, now, on the calling thread (after a run in progress, if any). */
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
        try {
            service.flushPendingWrites();
            List<StoredGrant> fresh;
            do {
                int mayReappear = tally.seen.size() - tally.refreshed - tally.revoked.size();
                List<StoredGrant> batch = service.store().idleSince(cutoff, PAGE + mayReappear);
                fresh = batch.stream().filter(g -> tally.seen.add(g.key())).toList();
                fresh.forEach(g -> keepAlive(g, cutoff, tally));
                if (batch.size() < PAGE + mayReappear) {
                    break;
                }
            } while (!fresh.isEmpty());
        } catch (TokenStoreUnavailableException down) {
            complete = false;
            LOG.log(Level.WARNING, () -> RUN_FAILED_ID + ": keep-alive stopped early, the token store is"
                    + " unavailable: " + down.getMessage());
        }
        KeepAliveReport report = new KeepAliveReport(started, Duration.between(started, clock.instant()),
                tally.refreshed, tally.skipped, tally.revoked, tally.failed, complete);
        last.set(report);
        LOG.log(Level.DEBUG, () -> "Keep-alive: " + report.refreshed() + " refreshed, " + report.revoked().size()
                + " revoked, " + report.failed().size() + " failed");
        return report;
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
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "offline-token-keep-alive");
            thread.setDaemon(true);
            return thread;
        });
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
            if (service.refreshIfIdle(grant.key(), grant.principal(), cutoff)) {
                tally.refreshed++;
            } else {
                tally.skipped++;
            }
        } catch (NoOfflineGrantException forgottenMeanwhile) {
            tally.skipped++;
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

    /** Counts of one run; confined to the running thread. */
    private static final class Tally {
        private final Set<GrantKey> seen = new HashSet<>();
        private final List<KeepAliveReport.RevokedGrant> revoked = new ArrayList<>();
        private final List<KeepAliveReport.FailedGrant> failed = new ArrayList<>();
        private int refreshed;
        private int skipped;
    }
}
