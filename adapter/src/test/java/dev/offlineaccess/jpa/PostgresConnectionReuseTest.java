package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store keeps the database connections it opened: a second burst of concurrent locked writes runs on the
 * PostgreSQL backends of the first (EclipseLink closes released connections above the pool's minimum; opening one
 * forks a backend process, which made every concurrent refresh of the nightly benchmark pay a connection set-up).
 */
class PostgresConnectionReuseTest {
    private static EmbeddedPostgresDatabase database;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = EmbeddedPostgresDatabase.launch();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @Test
    void concurrentLockedWritesReuseTheConnectionsOfTheFirstBurst() throws Exception {
        try (JpaGrantStore store = JpaGrantStore.open(database.freshDatabase("reuse"), Grants.ISSUER,
                Grants.CLIENT)) {
            for (int i = 0; i < 8; i++) {
                store.save(Grants.grant("s" + i, "user" + i, Grants.T0));
            }
            burst(store);
            Set<Integer> first = backends();
            burst(store);
            burst(store);
            Set<Integer> later = backends();
            assertTrue(first.size() >= 2, "the burst ran on several connections: " + first.size());
            assertTrue(later.containsAll(first), "no connection of the first burst was closed: " + first + " then "
                    + later);
        }
    }

    private static void burst(GrantStore store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String subject = "s" + i;
                work.add(pool.submit(() -> store.withLock(Grants.key(subject), row -> {
                    sleepBriefly();   // holds the lock (and its connection) as a provider call would
                    return GrantStore.Outcome.unchanged(null);
                })));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<Integer> backends() throws Exception {
        Set<Integer> pids = new HashSet<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = 'reuse'")) {
            while (r.next()) {
                pids.add(r.getInt(1));
            }
        }
        return pids;
    }
}
