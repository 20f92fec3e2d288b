package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A real database the store tests run against, with raw JDBC access for what the store does not show. */
interface TestDatabase extends AutoCloseable {

    /** Settings that point a store at this database. */
    StoreSettings settings();

    /** Settings for another, empty database on the same server (or in the same directory). */
    StoreSettings freshDatabase(String name) throws SQLException;

    /** A plain JDBC connection to the same database, outside the store. */
    Connection connect() throws SQLException;

    /** A query whose single number is how many sessions wait for a lock held by another. */
    String waitingSessionsSql();

    /** A statement that kills every session but the caller's (what a database restart does to a pool). */
    String abortOtherSessionsSql();

    /** The table name as the database's metadata spells it. */
    String tableName();

    @Override
    void close() throws IOException;

    default long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    default void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Waits (polling the database, not guessing a delay) until some session waits for a row lock. */
    default void awaitLockWaiter(Duration atMost) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (queryLong(waitingSessionsSql()) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no session started waiting for a lock within " + atMost);
            }
            Thread.sleep(10);
        }
    }
}
