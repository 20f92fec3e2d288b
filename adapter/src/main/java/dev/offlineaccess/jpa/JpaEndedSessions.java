package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.logout.EndedSession;
import dev.offlineaccess.logout.EndedSessions;
import dev.offlineaccess.logout.EndedSessionsUnavailableException;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import org.eclipse.persistence.exceptions.DatabaseException;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link EndedSessions} registry in the token database (tables {@code OA_ENDED_SESSION} and
 * {@code OA_LOGOUT_JTI}), shared by every node that uses the same database: a logout received by one node is seen
 * by all, and a logout token's {@code jti} is accepted once across all of them (the {@code jti} is the primary key:
 * of two nodes inserting it at once, exactly one succeeds).
 *
 * <p>{@link #isEnded} is one indexed query; put a {@link dev.offlineaccess.logout.CachedEndedSessions} in front of
 * it for the per-request check. The database and the persistence unit are those of {@link JpaGrantStore}
 * ({@code StoreSettings}: the JDBC URL, else the embedded H2 file); the tables are created when missing. Next to a
 * grant store, {@link #sharing} uses the store's connections instead of opening a second pool.
 *
 * <p>Thread-safe: each call uses its own {@code EntityManager} and transaction. No argument may be {@code null}
 * unless {@link EndedSessions} says so. Database failures surface as {@link EndedSessionsUnavailableException}
 * whose message names the operation and SQLSTATE, never a value. Call {@link #close()} when the application stops.
 */
public final class JpaEndedSessions implements EndedSessions, AutoCloseable {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ENDINGS = "SELECT e.endedAt FROM EndedSession e WHERE e.issuer = :issuer"
            + " AND e.endedAt >= :loggedInAt AND ";

    private final EntityManagerFactory factory;
    private final boolean ownsFactory;

    private JpaEndedSessions(EntityManagerFactory factory, boolean ownsFactory) {
        this.factory = factory;
        this.ownsFactory = ownsFactory;
    }

    /**
     * Connects to the token database the settings name and creates the registry's tables if they are missing.
     *
     * @throws dev.offlineaccess.config.ConfigurationException the URL names an unsupported database
     * @throws EndedSessionsUnavailableException                the database cannot be reached or the tables created
     */
    public static JpaEndedSessions open(StoreSettings settings) {
        Objects.requireNonNull(settings, "settings");
        StoreDatabase database = StoreDatabase.of(settings, JpaGrantStore.DEFAULT_LOCK_TIMEOUT);
        EntityManagerFactory factory;
        try {
            factory = GrantPersistenceUnit.create(database, settings);
        } catch (TokenStoreUnavailableException e) {
            throw new EndedSessionsUnavailableException("The logout registry could not open its database: "
                    + e.getMessage(), e);
        }
        JpaEndedSessions registry = new JpaEndedSessions(factory, true);
        try {
            return registry.probed();
        } catch (EndedSessionsUnavailableException e) {
            registry.close();
            throw e;
        }
    }

    /**
     * The registry in the database of {@code store}, on the store's connection pool (one pool per node instead of
     * two; the persistence unit holds the registry's tables too). {@link #close()} then leaves the connections to
     * the store, which closes them.
     *
     * @throws EndedSessionsUnavailableException the tables cannot be read
     */
    public static JpaEndedSessions sharing(JpaGrantStore store) {
        Objects.requireNonNull(store, "store");
        return new JpaEndedSessions(store.factory(), false).probed();
    }

    private JpaEndedSessions probed() {
        read("read its tables", em -> {
            em.find(EndedSessionEntity.class, "");
            return em.find(LogoutJtiEntity.class, "");
        });
        return this;
    }

    @Override
    public void record(EndedSession ending) {
        Objects.requireNonNull(ending, "ending");
        write("record an ended session", em -> {
            em.persist(new EndedSessionEntity(UUID.randomUUID().toString(), ending.issuer(), ending.subject(),
                    ending.sid(), ending.endedAt()));
            return null;
        });
    }

    @Override
    public boolean isEnded(String issuer, String subject, String sid, Instant loggedInAt) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(loggedInAt, "loggedInAt");
        if (subject == null && sid == null) {
            return false;
        }
        return read("look up ended sessions", em -> {
            TypedQuery<Instant> query;
            if (sid == null) {
                query = em.createQuery(ENDINGS + "e.subject = :subject", Instant.class)
                        .setParameter("subject", subject);
            } else if (subject == null) {
                query = em.createQuery(ENDINGS + "e.sid = :sid", Instant.class).setParameter("sid", sid);
            } else {
                query = em.createQuery(ENDINGS + "(e.sid = :sid OR (e.sid IS NULL AND e.subject = :subject))",
                        Instant.class).setParameter("sid", sid).setParameter("subject", subject);
            }
            return !query.setParameter("issuer", issuer).setParameter("loggedInAt", loggedInAt)
                    .setMaxResults(1).getResultList().isEmpty();
        });
    }

    @Override
    public boolean markJtiSeen(String jti, Instant expiresAt) {
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiresAt, "expiresAt");
        try {
            return transaction(em -> {
                if (em.find(LogoutJtiEntity.class, jti) != null) {
                    return false;
                }
                em.persist(new LogoutJtiEntity(jti, expiresAt));
                em.flush();   // a concurrent insert of the same jti fails here, or at commit
                return true;
            });
        } catch (PersistenceException | DatabaseException e) {
            if (UNIQUE_VIOLATION.equals(sqlState(e))) {
                return false;   // another node (or thread) marked it first
            }
            throw unavailable("mark a logout token id", e);
        }
    }

    @Override
    public void purgeOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        write("purge old endings", em -> {
            em.createQuery("DELETE FROM EndedSession e WHERE e.endedAt < :cutoff")
                    .setParameter("cutoff", cutoff).executeUpdate();
            return em.createQuery("DELETE FROM LogoutJti j WHERE j.expiresAt < :cutoff")
                    .setParameter("cutoff", cutoff).executeUpdate();
        });
    }

    /** Closes the connections, unless they are a grant store's ({@link #sharing}). Calls after this fail. */
    @Override
    public void close() {
        if (ownsFactory && factory.isOpen()) {
            factory.close();
        }
    }

    private <R> R read(String operation, Function<EntityManager, R> reading) {
        EntityManager em = guard("open a connection", factory::createEntityManager);
        try {
            return guard(operation, () -> reading.apply(em));
        } finally {
            em.close();
        }
    }

    private <R> R write(String operation, Function<EntityManager, R> writing) {
        try {
            return transaction(writing);
        } catch (PersistenceException | DatabaseException e) {
            throw unavailable(operation, e);
        }
    }

    /** Runs the work in one transaction; database failures propagate unchanged, after a rollback. */
    private <R> R transaction(Function<EntityManager, R> work) {
        EntityManager em = factory.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            R result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            LockedWriter.rollbackAndClose(em, tx);
        }
    }

    private static <R> R guard(String operation, Supplier<R> step) {
        try {
            return step.get();
        } catch (PersistenceException | DatabaseException e) {
            throw unavailable(operation, e);
        }
    }

    private static EndedSessionsUnavailableException unavailable(String operation, RuntimeException cause) {
        String state = sqlState(cause);
        return new EndedSessionsUnavailableException("The logout registry could not " + operation + " ("
                + (state == null ? cause.getClass().getSimpleName() : "SQLSTATE " + state) + ")", cause);
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
