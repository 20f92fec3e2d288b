package dev.offlineaccess.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The row-lock contract on a real PostgreSQL server. */
class PostgresGrantLockTest extends GrantLockContract {
    private static EmbeddedPostgresDatabase database;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = EmbeddedPostgresDatabase.launch();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @Override
    TestDatabase database() {
        return database;
    }
}
