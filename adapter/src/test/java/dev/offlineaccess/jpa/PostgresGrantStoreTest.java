package dev.offlineaccess.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a real PostgreSQL server. */
class PostgresGrantStoreTest extends GrantStoreContract {
    private static EmbeddedPostgresDatabase database;

    @BeforeAll
    static void startPostgres() throws Exception {
        database = EmbeddedPostgresDatabase.launch();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        database.close();
    }

    @Override
    TestDatabase database() {
        return database;
    }
}
