package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStore.LockedWork;
import dev.offlineaccess.tokens.GrantStore.Outcome;
import dev.offlineaccess.tokens.StoredGrant;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import org.eclipse.persistence.exceptions.DatabaseException;

import java.util.Objects;
import java.util.Optional;

/**
 * The locked read-modify-write of one grant row: begin, set the lock timeout, {@code SELECT ... FOR UPDATE}, run
 * the work, write what it returns, commit. When the row does not exist there is nothing to lock; if another caller
 * inserts the same key meanwhile, the second insert fails on the primary key, is rolled back, and the whole step
 * runs once more, now locking the other caller's row (so the work may run twice, the second time seeing that row).
 *
 * <p>Thread-safe: each call has its own {@code EntityManager} and transaction. Exceptions thrown by the work roll
 * back and propagate unchanged; database failures roll back and become
 * {@link dev.offlineaccess.tokens.TokenStoreUnavailableException}.
 */
final class LockedWriter {
    private final EntityManagerFactory factory;
    private final StoreDatabase database;

    LockedWriter(EntityManagerFactory factory, StoreDatabase database) {
        this.factory = factory;
        this.database = database;
    }

    /** What a locked write did: the row as committed (or {@code null} when nothing was written), and the value. */
    record Written<T>(StoredGrant written, T value) {
    }

    <T> Written<T> write(GrantKey key, LockedWork<T> work) {
        try {
            return writeOnce(key, work, false);
        } catch (LostInsertRace race) {
            return writeOnce(key, work, true);
        }
    }

    private <T> Written<T> writeOnce(GrantKey key, LockedWork<T> work, boolean secondTry) {
        String user = key.subject();
        EntityManager em = StoreFailures.guard(user, "open a connection", factory::createEntityManager);
        EntityTransaction tx = em.getTransaction();
        try {
            GrantEntity row = StoreFailures.guard(user, "lock the grant", () -> lock(em, tx, key));
            Outcome<T> outcome = work.apply(Optional.ofNullable(row).map(GrantMapping::toGrant));
            Objects.requireNonNull(outcome, "the locked work returned no outcome");
            StoredGrant written = null;
            if (outcome.write() != null) {
                written = store(em, key, row, outcome.write(), secondTry);
            }
            StoreFailures.guardRun(user, "commit the grant", tx::commit);
            return new Written<>(written, outcome.value());
        } finally {
            rollbackAndClose(em, tx);
        }
    }

    private GrantEntity lock(EntityManager em, EntityTransaction tx, GrantKey key) {
        begin(em, tx, database);
        return em.find(GrantEntity.class, GrantMapping.id(key), LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Begins a transaction whose row-lock waits end after the lock timeout. H2 has the timeout in its URL;
     * PostgreSQL gets it for this transaction only ({@code SET LOCAL}), which as a modifying statement also pins
     * the transaction's connection for the statements that follow.
     */
    static void begin(EntityManager em, EntityTransaction tx, StoreDatabase database) {
        tx.begin();
        if (database.kind() == StoreDatabase.Kind.POSTGRESQL) {
            em.createNativeQuery("SET LOCAL lock_timeout = '" + database.lockTimeout().toMillis() + "ms'")
                    .executeUpdate();
        }
    }

    private static StoredGrant store(EntityManager em, GrantKey key, GrantEntity row, StoredGrant grant,
                                     boolean secondTry) {
        if (!grant.key().equals(key)) {
            throw new IllegalArgumentException("the locked work returned a grant with another key");
        }
        GrantEntity target = row != null ? row : GrantMapping.newEntity(key);
        GrantMapping.copy(grant, target);
        try {
            if (row == null) {
                em.persist(target);
            }
            em.flush();
        } catch (PersistenceException e) {
            if (row == null && !secondTry && StoreFailures.isUniqueViolation(e)) {
                throw new LostInsertRace();
            }
            throw StoreFailures.unavailable(key.subject(), "write the grant", e);
        }
        return GrantMapping.toGrant(target);
    }

    /** Rolls back what is still open (a failed rollback changes nothing more) and releases the connection. */
    static void rollbackAndClose(EntityManager em, EntityTransaction tx) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (PersistenceException | DatabaseException e) {
            // the connection is gone; the database discards the transaction itself
        } finally {
            em.close();
        }
    }

    /** The row did not exist and another caller inserted it first. */
    private static final class LostInsertRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostInsertRace() {
            super(null, null, false, false);
        }
    }
}
