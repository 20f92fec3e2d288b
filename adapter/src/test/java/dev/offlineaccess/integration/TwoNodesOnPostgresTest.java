package dev.offlineaccess.integration;

import dev.offlineaccess.config.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.concurrent.atomic.AtomicInteger;

/** {@link TwoNodesContract} on a real PostgreSQL server (zonky's binaries), a new database per test. */
class TwoNodesOnPostgresTest extends TwoNodesContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.launch();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    StoreSettings newDatabase() throws Exception {
        return postgres.newDatabase("two_nodes_" + DATABASES.incrementAndGet());
    }

    @Override
    String lockWaitersSql() {
        return "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
    }

    @Override
    String databaseName() {
        return "PostgreSQL";
    }
}
