package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.GrantStore;
import dev.offlineaccess.tokens.GrantStore.IdlePosition;
import dev.offlineaccess.tokens.StoredGrant;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.TypedQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link GrantStore} on a relational database through JPA (EclipseLink): the embedded H2 file by default,
 * PostgreSQL in production. One instance serves one issuer and client; every row it reads or writes carries them,
 * so several configurations (or applications) may share a table.
 *
 * <p>{@link #open} creates the table and its indexes when they are missing and leaves an existing table as it is;
 * startup does not read the rows. {@link #withLock} holds the row lock ({@code SELECT ... FOR UPDATE}) in one
 * transaction per call, waiting at most the lock timeout; several JVMs sharing the database serialize on it. Reads
 * never load the table whole: {@link #page} and {@link #idleSince} return at most {@link #MAX_PAGE} rows.
 *
 * <p>Thread-safe: each call uses its own {@code EntityManager}. No argument may be {@code null}. Every method throws
 * {@link TokenStoreUnavailableException} when the database fails; nothing stored changes then. A key of another
 * issuer or client than the store's is refused with an {@link IllegalArgumentException}. Call {@link #close()}
 * when the application stops.
 */
public final class JpaGrantStore implements GrantStore, AutoCloseable {
    /** How long {@link #withLock} waits for another holder of the same row, unless told otherwise. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    /** The largest page a read returns. */
    public static final int MAX_PAGE = 1000;

    private static final String SCOPE = " g.issuer = :issuer AND g.clientId = :clientId";

    private final EntityManagerFactory factory;
    private final StoreDatabase database;
    private final String issuer;
    private final String clientId;
    private final LockedWriter writer;

    private JpaGrantStore(EntityManagerFactory factory, StoreDatabase database, String issuer, String clientId) {
        this.factory = factory;
        this.database = database;
        this.issuer = issuer;
        this.clientId = clientId;
        this.writer = new LockedWriter(factory, database);
    }

    /** Opens the store with the {@link #DEFAULT_LOCK_TIMEOUT}. */
    public static JpaGrantStore open(StoreSettings settings, String issuer, String clientId) {
        return open(settings, issuer, clientId, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * Connects to the database the settings name, creates the table if it is missing, and returns the store.
     *
     * @param settings    where the database is ({@code jdbcUrl}, else the H2 file) and how to log in
     * @param issuer      the provider's issuer; only grants of this issuer are seen
     * @param clientId    this application's client id; only its grants are seen
     * @param lockTimeout how long {@link #withLock} waits for the row lock; should exceed the provider's
     *                    connect plus read timeout, since a holder may be refreshing
     * @throws dev.offlineaccess.config.ConfigurationException the URL names an unsupported database
     * @throws TokenStoreUnavailableException                  the database cannot be reached or the table created
     */
    public static JpaGrantStore open(StoreSettings settings, String issuer, String clientId, Duration lockTimeout) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        StoreDatabase database = StoreDatabase.of(settings, lockTimeout);
        EntityManagerFactory factory = GrantPersistenceUnit.create(database, settings);
        return new JpaGrantStore(factory, database, issuer, clientId);
    }

    @Override
    public Optional<StoredGrant> find(GrantKey key) {
        checkKey(key);
        return read(key.subject(), "read a grant", em -> Optional
                .ofNullable(em.find(GrantEntity.class, GrantMapping.id(key))).map(GrantMapping::toGrant));
    }

    /** The grant of a principal name; if several subjects share it, the one active most recently. */
    @Override
    public Optional<StoredGrant> findByPrincipal(String principal) {
        Objects.requireNonNull(principal, "principal");
        return read(principal, "find a grant by principal", em -> query(em,
                "SELECT g FROM OfflineGrant g WHERE" + SCOPE + " AND g.principal = :principal"
                        + " ORDER BY g.lastActivity DESC, g.subject", GrantEntity.class)
                .setParameter("principal", principal)
                .setMaxResults(1)
                .getResultList().stream().findFirst().map(GrantMapping::toGrant));
    }

    @Override
    public List<StoredGrant> page(int first, int max) {
        checkPage(first, max);
        return read(null, "list grants", em -> query(em,
                "SELECT g FROM OfflineGrant g WHERE" + SCOPE + " ORDER BY g.principal, g.subject", GrantEntity.class)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList().stream().map(GrantMapping::toGrant).toList());
    }

    @Override
    public List<StoredGrant> idleSince(Instant cutoff, IdlePosition after, int max) {
        Objects.requireNonNull(cutoff, "cutoff");
        checkPage(0, max);
        String position = after == null ? "" : " AND (g.lastActivity > :afterTime"
                + " OR (g.lastActivity = :afterTime AND g.subject > :afterSubject))";
        return read(null, "list idle grants", em -> {
            TypedQuery<GrantEntity> query = query(em, "SELECT g FROM OfflineGrant g WHERE" + SCOPE
                    + " AND g.status = :status AND g.lastActivity < :cutoff" + position
                    + " ORDER BY g.lastActivity, g.subject", GrantEntity.class)
                    .setParameter("status", GrantStatus.ACTIVE)
                    .setParameter("cutoff", cutoff)
                    .setMaxResults(max);
            if (after != null) {
                query.setParameter("afterTime", after.lastActivity()).setParameter("afterSubject", after.subject());
            }
            return query.getResultList().stream().map(GrantMapping::toGrant).toList();
        });
    }

    @Override
    public long count() {
        return read(null, "count grants",
                em -> query(em, "SELECT COUNT(g) FROM OfflineGrant g WHERE" + SCOPE, Long.class).getSingleResult());
    }

    @Override
    public StoredGrant save(StoredGrant grant) {
        Objects.requireNonNull(grant, "grant");
        checkKey(grant.key());
        return writer.write(grant.key(), current -> new Outcome<>(grant, null)).written();
    }

    @Override
    public boolean delete(GrantKey key) {
        checkKey(key);
        String user = key.subject();
        EntityManager em = StoreFailures.guard(user, "open a connection", factory::createEntityManager);
        EntityTransaction tx = em.getTransaction();
        try {
            int deleted = StoreFailures.guard(user, "delete a grant", () -> {
                LockedWriter.begin(em, tx, database);
                int rows = em.createQuery("DELETE FROM OfflineGrant g WHERE" + SCOPE + " AND g.subject = :subject")
                        .setParameter("issuer", issuer)
                        .setParameter("clientId", clientId)
                        .setParameter("subject", key.subject())
                        .executeUpdate();
                tx.commit();
                return rows;
            });
            return deleted > 0;
        } finally {
            LockedWriter.rollbackAndClose(em, tx);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the row does not exist yet and another caller inserts the same grant meanwhile, this caller's insert
     * loses on the primary key; it is rolled back and the whole step runs once more, so {@code work} then runs a
     * second time and sees the other caller's row. Exceptions thrown by {@code work} roll back and propagate
     * unchanged.
     */
    @Override
    public <T> T withLock(GrantKey key, LockedWork<T> work) {
        checkKey(key);
        Objects.requireNonNull(work, "work");
        return writer.write(key, work).value();
    }

    /** The persistence unit's factory, for {@link JpaEndedSessions#sharing} in the same database. */
    EntityManagerFactory factory() {
        return factory;
    }

    /** Closes the connections. Calls after this fail with an {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        if (factory.isOpen()) {
            factory.close();
        }
    }

    private <R> R read(String user, String operation, Function<EntityManager, R> reading) {
        EntityManager em = StoreFailures.guard(user, "open a connection", factory::createEntityManager);
        try {
            return StoreFailures.guard(user, operation, () -> reading.apply(em));
        } finally {
            em.close();
        }
    }

    private <R> TypedQuery<R> query(EntityManager em, String jpql, Class<R> type) {
        return em.createQuery(jpql, type).setParameter("issuer", issuer).setParameter("clientId", clientId);
    }

    private void checkKey(GrantKey key) {
        Objects.requireNonNull(key, "key");
        if (!key.issuer().equals(issuer) || !key.clientId().equals(clientId)) {
            throw new IllegalArgumentException("the grant belongs to another issuer or client than this store's");
        }
    }

    private static void checkPage(int first, int max) {
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            throw new IllegalArgumentException("need first >= 0 and 1 <= max <= " + MAX_PAGE);
        }
    }
}
