package dev.offlineaccess.example.portal.backup;

import dev.offlineaccess.example.portal.Customer;
import dev.offlineaccess.example.portal.CustomerApiClient;
import dev.offlineaccess.example.portal.CustomerApiClient.CustomerApiException;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.NoOfflineGrantException;
import dev.offlineaccess.tokens.OfflineGrantRevokedException;
import dev.offlineaccess.tokens.OfflineTokenException;
import dev.offlineaccess.tokens.OfflineTokens;
import dev.offlineaccess.tokens.ProviderTemporarilyUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The nightly backup: for every user the portal knows or holds a grant for, get a fresh access token through the
 * offline-token API, fetch the user's customers from {@code /api/customers} and save them. One user's failure
 * never stops the others. Runs are serialized: a second call waits for the first.
 */
public final class BackupJob {
    private static final System.Logger LOG = System.getLogger(BackupJob.class.getName());
    private static final int PAGE = 200;

    private final Supplier<OfflineTokens> tokens;
    private final Supplier<CustomerApiClient> customerApi;
    private final BackupRepository repository;
    private final Clock clock;

    public BackupJob(Supplier<OfflineTokens> tokens, Supplier<CustomerApiClient> customerApi,
                     BackupRepository repository, Clock clock) {
        this.tokens = tokens;
        this.customerApi = customerApi;
        this.repository = repository;
        this.clock = clock;
    }

    /** Backs up every user; returns this run's result per user. */
    public synchronized List<BackupRun> runAll() {
        OfflineTokens api = tokens.get();
        CustomerApiClient customers = customerApi.get();
        if (customers == null) {
            throw new IllegalStateException("The portal does not know its own address yet: set PORTAL_BASE_URL");
        }
        List<BackupRun> runs = new ArrayList<>();
        for (String user : users(api)) {
            BackupRun run = backUp(api, customers, user);
            repository.save(run);
            runs.add(run);
        }
        LOG.log(Level.INFO, "Backup finished for {0} users", runs.size());
        return runs;
    }

    private TreeSet<String> users(OfflineTokens api) {
        TreeSet<String> users = new TreeSet<>(repository.knownUsers());
        for (int first = 0; ; first += PAGE) {
            List<GrantInfo> page = api.list(first, PAGE);
            page.forEach(grant -> users.add(grant.principal()));
            if (page.size() < PAGE) {
                return users;
            }
        }
    }

    private BackupRun backUp(OfflineTokens api, CustomerApiClient customers, String user) {
        try {
            AccessToken token = api.accessToken(user);
            List<Customer> saved = customers.customers(token);
            return run(user, BackupOutcome.OK, null, saved.size(), CustomerApiClient.toJson(saved));
        } catch (NoOfflineGrantException e) {
            return run(user, BackupOutcome.NO_OFFLINE_ACCESS, "The user has not granted offline access", 0, null);
        } catch (OfflineGrantRevokedException e) {
            String reason = e.errorDescription() == null ? e.error() : e.error() + ": " + e.errorDescription();
            return run(user, BackupOutcome.REVOKED, reason, 0, null);
        } catch (ProviderTemporarilyUnavailableException e) {
            return run(user, BackupOutcome.PROVIDER_UNAVAILABLE, e.getMessage(), 0, null);
        } catch (OfflineTokenException e) {
            return run(user, BackupOutcome.FAILED, e.getMessage(), 0, null);
        } catch (CustomerApiException e) {
            return run(user, BackupOutcome.FAILED, e.getMessage(), 0, null);
        }
    }

    private BackupRun run(String user, BackupOutcome outcome, String reason, int count, String snapshot) {
        return new BackupRun(user, clock.instant(), outcome, reason, count, snapshot);
    }
}
