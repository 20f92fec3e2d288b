package dev.offlineaccess.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Outages of a real PostgreSQL server: stopped and started again on the same data. */
class PostgresOutageTest extends StoreOutageContract {
    private static EmbeddedPostgresDatabase database;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = EmbeddedPostgresDatabase.launch();
    }

    @AfterAll
    static void deleteDatabase() throws Exception {
        database.close();
    }

    @Override
    RestartableDatabase database() {
        return database;
    }

    @Override
    long fastMillis() {
        // a refused connection fails at once
        return 2_000;
    }
}
