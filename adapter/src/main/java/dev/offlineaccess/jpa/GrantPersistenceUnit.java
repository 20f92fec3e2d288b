package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.eclipse.persistence.jpa.PersistenceProvider;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the {@link EntityManagerFactory} of the unit {@value #NAME} (declared in {@code META-INF/persistence.xml})
 * for one database. The EclipseLink provider is called directly, so another JPA provider in the application does
 * not get a say, and the adapter's own class loader finds the unit, whatever the thread's context class loader is.
 * The factory is deployed at once: the schema is created or extended and one primary-key lookup proves the table
 * usable before the store is handed out. Stateless.
 */
final class GrantPersistenceUnit {
    static final String NAME = "dev.offlineaccess.offline-grants";

    private static final int MAX_CONNECTIONS = 16;
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private GrantPersistenceUnit() {
    }

    static EntityManagerFactory create(StoreDatabase database, StoreSettings settings) {
        return create(database, settings, Map.of());
    }

    /** As {@link #create(StoreDatabase, StoreSettings)}, with extra provider properties (tests, DDL capture). */
    static EntityManagerFactory create(StoreDatabase database, StoreSettings settings, Map<String, ?> extra) {
        Map<String, Object> properties = properties(database, settings);
        properties.putAll(extra);
        EntityManagerFactory factory = StoreFailures.guard(null, "open the " + database.kind() + " database",
                () -> new PersistenceProvider().createEntityManagerFactory(NAME, properties));
        if (factory == null) {
            throw new IllegalStateException("persistence unit " + NAME + " not found: META-INF/persistence.xml of "
                    + "the adapter jar is missing from the class path");
        }
        try {
            StoreFailures.guardRun(null, "open the " + database.kind() + " database and create its table",
                    () -> probe(factory));
            return factory;
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
    }

    static Map<String, Object> properties(StoreDatabase database, StoreSettings settings) {
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.jdbc.driver", database.driver());
        p.put("jakarta.persistence.jdbc.url", database.url());
        if (settings.user() != null) {
            p.put("jakarta.persistence.jdbc.user", settings.user());
        }
        if (settings.password() != null) {
            p.put("jakarta.persistence.jdbc.password", settings.password().value());
        }
        p.put("eclipselink.classloader", GrantPersistenceUnit.class.getClassLoader());
        // one session per store, named without the URL (which may hold credentials and would appear in logs)
        p.put("eclipselink.session-name", NAME + "-" + SESSIONS.incrementAndGet());
        // creates what is missing, never drops: safe on a database that already holds grants
        p.put("eclipselink.ddl-generation", "create-or-extend-tables");
        p.put("eclipselink.ddl-generation.output-mode", "database");
        // reuse prepared statements per connection: a locked refresh prepared its four statements anew each time
        // (H2 parsed them again: a tenth of the token API's refresh path outside the provider call, JFR)
        p.put("eclipselink.jdbc.cache-statements", "true");
        p.put("eclipselink.jdbc.cache-statements.size", "64");
        String wait = Long.toString(database.lockTimeout().toMillis());
        for (String pool : new String[] {"eclipselink.connection-pool.default.", "eclipselink.connection-pool.read."}) {
            p.put(pool + "initial", "1");
            // EclipseLink closes a released connection when the pool holds more than min: with min 1, every
            // concurrent transaction opened a new PostgreSQL connection (a backend process) and closed it again.
            // min = max keeps the connections once opened (on demand, up to max), as pools usually do.
            p.put(pool + "min", Integer.toString(MAX_CONNECTIONS));
            p.put(pool + "max", Integer.toString(MAX_CONNECTIONS));
            p.put(pool + "wait", wait);
        }
        return p;
    }

    /** Deploys the unit (connects, creates the schema) and reads one primary key: proves the table is usable. */
    private static void probe(EntityManagerFactory factory) {
        EntityManager em = factory.createEntityManager();
        try {
            em.find(GrantEntity.class, new GrantEntityId("", "", ""));
        } finally {
            em.close();
        }
    }
}
