package dev.offlineaccess.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
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

    /**
     * Active grants whose {@code lastRefreshed} (or {@code created}) is before {@code cutoff}, oldest first (ties by
     * subject): the first page of {@link #idleSince(Instant, IdlePosition, int)}.
     */
    default List<StoredGrant> idleSince(Instant cutoff, int max) {
        return idleSince(cutoff, null, max);
    }

    /**
     * The idle grants of {@link #idleSince(Instant, int)} that come after {@code after} in that order: pages through
     * them by position (keyset paging), so a reader keeps nothing of the rows it has seen, and a row left idle on
     * one page (its refresh failed) is not read again on the next.
     *
     * @param after the position of the last row of the previous page, or {@code null} for the first page
     */
    List<StoredGrant> idleSince(Instant cutoff, IdlePosition after, int max);

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

    /**
     * A place in the order of {@link #idleSince(Instant, IdlePosition, int)}: a grant's last activity (its last
     * refresh, else its creation) and its subject.
     */
    record IdlePosition(Instant lastActivity, String subject) {
        public IdlePosition {
            Objects.requireNonNull(lastActivity, "lastActivity");
            Objects.requireNonNull(subject, "subject");
        }

        /** The position of a grant as read from the store. */
        public static IdlePosition of(StoredGrant grant) {
            return new IdlePosition(grant.lastRefreshed() != null ? grant.lastRefreshed() : grant.created(),
                    grant.key().subject());
        }

        /** Whether a grant comes after this position. */
        public boolean isBefore(StoredGrant grant) {
            IdlePosition other = of(grant);
            int byTime = lastActivity.compareTo(other.lastActivity);
            return byTime < 0 || byTime == 0 && subject.compareTo(other.subject) < 0;
        }
    }

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
