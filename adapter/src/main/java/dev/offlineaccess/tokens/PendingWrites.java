package dev.offlineaccess.tokens;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows the provider has already rotated but the store could not yet take: the only copy of a grant's newest
 * refresh token (sealed) while the database is down. Such a row is retried with backoff, and before any other
 * store work on the grant ({@link #flush}), so no later refresh ever starts from the stale stored token.
 *
 * <p>A pending row remembers the refresh token it replaces ({@code base}); it is written only if the stored row
 * still holds that token and is active. If someone replaced the row meanwhile (a new login, a forget) or marked it
 * revoked (a back-channel logout that ended the offline session), the pending row is obsolete and dropped. Thread-safe.
 */
final class PendingWrites {
    static final String RETRYING_ID = "OA-W002";
    static final String KEPT_ID = "OA-W003";
    private static final System.Logger LOG = System.getLogger(PendingWrites.class.getName());

    private final Map<GrantKey, Pending> pending = new ConcurrentHashMap<>();
    private final GrantStore store;
    private final WriteRetry retry;
    private final Sleeper sleeper;

    PendingWrites(GrantStore store, WriteRetry retry, Sleeper sleeper) {
        this.store = store;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    /**
     * A rotated row the provider already answered for could not be written: keeps it and retries with backoff.
     *
     * @return the access token that came with it, once the row is written
     * @throws TokenStoreUnavailableException every retry failed; the row stays pending for the next call
     */
    AccessToken keepAndRetry(Pending row, String user, TokenStoreUnavailableException failure) {
        pending.put(row.row().key(), row);
        LOG.log(Level.WARNING, () -> RETRYING_ID + ": the rotated offline token of '" + user
                + "' could not be stored; it is kept in memory and the write is retried");
        TokenStoreUnavailableException last = failure;
        for (int i = 1; i <= retry.attempts(); i++) {
            try {
                sleeper.sleep(retry.backoff(i));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                flush(row.row().key());
                return row.token();
            } catch (TokenStoreUnavailableException again) {
                last = again;
            }
        }
        LOG.log(Level.WARNING, () -> KEPT_ID + ": the rotated offline token of '" + user + "' is still not stored;"
                + " it stays in memory only and is written on the next call for this grant");
        throw new TokenStoreUnavailableException(user, "The token store is unavailable; the rotated offline token of '"
                + user + "' is kept in memory and will be stored on the next call", last);
    }

    /**
     * Writes the grant's pending row, if any, under the row lock.
     *
     * @return the pending access token when the row was written; empty when nothing was pending or it was obsolete
     * @throws TokenStoreUnavailableException the store is still down; the row stays pending
     */
    Optional<AccessToken> flush(GrantKey key) {
        Pending row = pending.get(key);
        if (row == null) {
            return Optional.empty();
        }
        boolean written = store.withLock(key, current -> {
            if (row.base() != null && !current.filter(stored -> stored.status() == GrantStatus.ACTIVE)
                    .map(StoredGrant::refreshToken).filter(row.base()::equals).isPresent()) {
                return GrantStore.Outcome.unchanged(false);
            }
            long version = current.map(StoredGrant::version).orElse(0L);
            return new GrantStore.Outcome<>(GrantRows.withVersion(row.row(), version), true);
        });
        pending.remove(key, row);
        return written ? Optional.of(row.token()) : Optional.empty();
    }

    /**
     * Flushes every pending row.
     *
     * @return how many were written (obsolete ones are dropped, not counted)
     * @throws TokenStoreUnavailableException the store is still down; the rest stays pending
     */
    int flushAll() {
        int written = 0;
        for (GrantKey key : List.copyOf(pending.keySet())) {
            written += flush(key).isPresent() ? 1 : 0;
        }
        return written;
    }

    boolean has(GrantKey key) {
        return pending.containsKey(key);
    }

    void discard(GrantKey key) {
        pending.remove(key);
    }

    int size() {
        return pending.size();
    }

    /**
     * A row waiting to be written.
     *
     * @param row   the row to write (tokens sealed)
     * @param token the access token that came with it
     * @param base  the stored refresh token it replaces, or {@code null} to replace whatever is stored
     */
    record Pending(StoredGrant row, AccessToken token, SealedToken base) {
    }
}
