package dev.offlineaccess.tokens;

import java.util.List;
import java.util.Optional;

/**
 * The store port: where sealed grants live. Implemented by {@code dev.offlineaccess.jpa.JpaGrantStore} (H2,
 * PostgreSQL) and by {@link InMemoryGrantStore} (tests). All methods are thread-safe. Every method may throw
 * {@link TokenStoreUnavailableException} when the database cannot be reached; nothing stored is changed then.
 * Lookups are scoped to one issuer and client: the store serves exactly one filter configuration.
 */
public interface GrantStore {

    Optional<StoredGrant> find(GrantKey key);

    Optional<StoredGrant> findByPrincipal(String principal);

    /** Grants ordered by principal name, then subject. */
    List<StoredGrant> page(int first, int max);

    /** Active grants whose {@code lastRefreshed} (or {@code created}) is before {@code cutoff}, oldest first. */
    List<StoredGrant> idleSince(java.time.Instant cutoff, int max);

    long count();

    /** Inserts, or replaces the row with the same key whatever its version. Returns the row as written. */
    StoredGrant save(StoredGrant grant);

    /** Deletes the row; returns whether there was one. */
    boolean delete(GrantKey key);

    /**
     * Runs {@code work} while holding an exclusive lock on the grant's row (in the database: a transaction with
     * {@code SELECT ... FOR UPDATE}), then writes what it returns and commits. Other callers for the same key wait.
     * The work may call the provider; it must not call back into the store.
     *
     * @throws TokenStoreUnavailableException the lock could not be taken or the commit failed (then nothing was
     *                                        written)
     */
    <T> T withLock(GrantKey key, LockedWork<T> work);

    /** What to do while holding a grant's lock. */
    @FunctionalInterface
    interface LockedWork<T> {
        /**
         * @param current the row as it is now, or empty
         * @return the row to write (or {@code null} to write nothing) and the result
         */
        Outcome<T> apply(Optional<StoredGrant> current);
    }

    /**
     * The result of a locked work.
     *
     * @param write the row to write, or {@code null}
     * @param value what {@link #withLock} returns
     */
    record Outcome<T>(StoredGrant write, T value) {
        public static <T> Outcome<T> unchanged(T value) {
            return new Outcome<>(null, value);
        }
    }
}
