package dev.offlineaccess.example.portal.backup;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import dev.offlineaccess.example.portal.PortalSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The portal's own data (backup runs, known users) through JPA, in the same database as the offline tokens:
 * {@code OFFLINE_DB_URL} when set, otherwise an H2 file under {@code PORTAL_DATA_DIR} (default {@code ./data}); see
 * {@link PortalSettings}.
 * Thread-safe.
 */
public final class BackupRepository implements AutoCloseable {
    private final EntityManagerFactory emf;

    private BackupRepository(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Opens the repository from the environment. */
    public static BackupRepository fromEnvironment() {
        Map<String, Object> props = new HashMap<>();
        String url = PortalSettings.get("OFFLINE_DB_URL", null);
        if (url == null) {
            Path dir = Path.of(PortalSettings.get("PORTAL_DATA_DIR", "data")).toAbsolutePath();
            url = "jdbc:h2:file:" + dir.resolve("customer-portal") + ";AUTO_SERVER=TRUE";
        } else {
            put(props, "jakarta.persistence.jdbc.user", PortalSettings.get("OFFLINE_DB_USER", null));
            put(props, "jakarta.persistence.jdbc.password", PortalSettings.get("OFFLINE_DB_PASSWORD", null));
        }
        props.put("jakarta.persistence.jdbc.url", url);
        props.put("jakarta.persistence.jdbc.driver",
                url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver");
        return new BackupRepository(Persistence.createEntityManagerFactory("customer-portal", props));
    }

    private static void put(Map<String, Object> props, String key, String value) {
        if (value != null && !value.isBlank()) {
            props.put(key, value);
        }
    }

    public void save(BackupRun run) {
        inTransaction(em -> em.persist(run));
    }

    /** Records that a user signed in. */
    public void rememberUser(String userName, Instant when) {
        inTransaction(em -> em.merge(new KnownUser(userName, when)));
    }

    /** Every user who ever signed in, by name. */
    public List<String> knownUsers() {
        return read(em -> em.createQuery("select u.userName from KnownUser u order by u.userName", String.class)
                .getResultList());
    }

    /** The latest run of each user, by user name. */
    public List<BackupRun> latestPerUser() {
        return read(em -> em.createQuery("select r from BackupRun r where r.finishedAt = (select max(r2.finishedAt)"
                + " from BackupRun r2 where r2.userName = r.userName) order by r.userName", BackupRun.class)
                .getResultList());
    }

    private <T> T read(Function<EntityManager, T> query) {
        EntityManager em = emf.createEntityManager();
        try {
            return query.apply(em);
        } finally {
            em.close();
        }
    }

    private void inTransaction(Consumer<EntityManager> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            work.accept(em);
            tx.commit();
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    @Override
    public void close() {
        emf.close();
    }
}
