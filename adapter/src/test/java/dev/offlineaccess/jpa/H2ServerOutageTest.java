package dev.offlineaccess.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Outages of an H2 database served over TCP: shut down and its file moved away, then back. */
class H2ServerOutageTest extends StoreOutageContract {
    private static H2ServerDatabase database;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = new H2ServerDatabase();
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
        // a database that is not there fails at once
        return 2_000;
    }
}
