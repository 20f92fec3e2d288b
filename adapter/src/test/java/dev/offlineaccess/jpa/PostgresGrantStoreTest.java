package dev.offlineaccess.jpa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract on a real PostgreSQL server, and what only PostgreSQL can show. */
class PostgresGrantStoreTest extends GrantStoreContract {
    private static final int ROWS = 100_000;
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

    @Test
    void openingReadsAtMostARowWhateverTheTableHolds() throws Exception {
        database.execute("INSERT INTO oa_offline_grant (issuer, client_id, subject, principal, refresh_key_id,"
                + " refresh_token, scopes, created, last_activity, status, version)"
                + " SELECT 'https://other.test', 'bulk', 's' || g, 'p' || g, 'k1', 'c', '', now(), now(), 'ACTIVE', 1"
                + " FROM generate_series(1, " + ROWS + ") g");
        store.close();
        long[] before = settledScanCounters();

        open(Grants.ISSUER, Grants.CLIENT).close();

        long[] after = awaitScanCountersAbove(before[0]);
        assertTrue(after[0] > before[0], "the start checked the table with a scan");
        assertTrue(after[1] - before[1] < 100, "rows read by the start: " + (after[1] - before[1]));
        assertEquals(ROWS, database.queryLong("SELECT COUNT(*) FROM oa_offline_grant"));
    }

    /** {seq_scan, seq_tup_read} of the table once closed sessions have reported their statistics. */
    private static long[] settledScanCounters() throws SQLException, InterruptedException {
        long[] last = scanCounters();
        for (int stable = 0; stable < 5; ) {
            Thread.sleep(100);
            long[] now = scanCounters();
            stable = java.util.Arrays.equals(now, last) ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    private static long[] awaitScanCountersAbove(long seqScans) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long[] now = scanCounters();
        while (now[0] <= seqScans && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = scanCounters();
        }
        return now;
    }

    private static long[] scanCounters() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet r = s.executeQuery("SELECT seq_scan, seq_tup_read FROM pg_stat_user_tables"
                    + " WHERE relname = 'oa_offline_grant'")) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2)};
            }
        }
    }
}
