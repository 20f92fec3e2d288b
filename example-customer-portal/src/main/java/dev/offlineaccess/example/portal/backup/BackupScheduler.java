package dev.offlineaccess.example.portal.backup;

import dev.offlineaccess.example.portal.PortalAddress;
import dev.offlineaccess.example.portal.PortalSettings;
import dev.offlineaccess.servlet.OfflineAccess;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts the backup job with the web application: nightly at 02:00 local time, or every {@code BACKUP_INTERVAL}
 * (an ISO-8601 duration such as {@code PT10M}) when set. The job is also published as a context attribute for the
 * "Run backup now" button. The token API is looked up when the job runs, because filters start after listeners.
 */
public final class BackupScheduler implements ServletContextListener {
    /** Context attribute holding the {@link BackupJob}. */
    public static final String JOB_ATTRIBUTE = BackupJob.class.getName();
    private static final System.Logger LOG = System.getLogger(BackupScheduler.class.getName());

    private ScheduledExecutorService executor;
    private BackupRepository repository;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        repository = BackupRepository.fromEnvironment();
        BackupJob job = new BackupJob(() -> OfflineAccess.tokens(context),
                () -> PortalAddress.of(context).customerApi(), repository, Clock.systemUTC());
        context.setAttribute(JOB_ATTRIBUTE, job);
        context.setAttribute(BackupRepository.class.getName(), repository);
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "customer-portal-backup");
            thread.setDaemon(true);
            return thread;
        });
        String interval = PortalSettings.get("BACKUP_INTERVAL", null);
        if (interval != null) {
            long period = Duration.parse(interval).toMillis();
            executor.scheduleAtFixedRate(() -> runQuietly(job), period, period, TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "Backup scheduled every {0}", interval);
        } else {
            ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault());
            ZonedDateTime next = now.with(LocalTime.of(2, 0));
            if (!next.isAfter(now)) {
                next = next.plusDays(1);
            }
            long delay = Duration.between(now, next).toMillis();
            executor.scheduleAtFixedRate(() -> runQuietly(job), delay, Duration.ofDays(1).toMillis(),
                    TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "Backup scheduled nightly at 02:00, next at {0}", next);
        }
    }

    private static void runQuietly(BackupJob job) {
        try {
            job.runAll();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: log and wait for the next slot
            LOG.log(Level.WARNING, "Backup run failed: {0}", e.toString());
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (repository != null) {
            repository.close();
        }
    }
}
