package dev.offlineaccess.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The row-lock contract on the embedded H2 file. */
class H2GrantLockTest extends GrantLockContract {
    private static H2FileDatabase database;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = new H2FileDatabase();
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
