package dev.offlineaccess.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on the default database: the embedded H2 file. */
class H2GrantStoreTest extends GrantStoreContract {
    private static H2FileDatabase database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = new H2FileDatabase();
    }

    @AfterAll
    static void deleteDatabase() throws Exception {
        database.close();
    }

    @Override
    TestDatabase database() {
        return database;
    }
}
