package dev.offlineaccess.jpa;

import dev.offlineaccess.logout.EndedSession;
import dev.offlineaccess.logout.EndedSessions;
import dev.offlineaccess.logout.EndedSessionsContract;
import dev.offlineaccess.logout.EndedSessionsUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry contract on the default database (the embedded H2 file), two registries as two nodes. */
class H2EndedSessionsTest extends EndedSessionsContract {
    private static H2FileDatabase database;
    private static JpaEndedSessions nodeA;
    private static JpaEndedSessions nodeB;

    @BeforeAll
    static void open() throws Exception {
        database = new H2FileDatabase();
        nodeA = JpaEndedSessions.open(database.settings());
        nodeB = JpaEndedSessions.open(database.settings());
    }

    @AfterAll
    static void close() throws Exception {
        nodeA.close();
        nodeB.close();
        database.close();
    }

    @Override
    protected EndedSessions nodeA() {
        return nodeA;
    }

    @Override
    protected EndedSessions nodeB() {
        return nodeB;
    }

    @Test
    void openWhenTheDatabaseIsNewThenCreatesBothTablesWithTheirIndexes() throws Exception {
        try (Connection c = database.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            assertEquals(Set.of("OA_ENDED_SESSION_SID_IX", "OA_ENDED_SESSION_SUBJECT_IX", "OA_ENDED_SESSION_ENDED_IX"),
                    indexes(meta, "OA_ENDED_SESSION"));
            assertTrue(indexes(meta, "OA_LOGOUT_JTI").contains("OA_LOGOUT_JTI_EXPIRES_IX"));
            try (ResultSet keys = meta.getPrimaryKeys(null, null, "OA_LOGOUT_JTI")) {
                assertTrue(keys.next());
                assertEquals("JTI", keys.getString("COLUMN_NAME"));
            }
        }
    }

    @Test
    void openWhenTheDatabaseIsNewThenRequiredColumnsAreNotNullAndInstantsKeepTheirZone() throws Exception {
        try (Connection c = database.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            assertColumn(meta, "OA_ENDED_SESSION", "ISSUER", DatabaseMetaData.columnNoNulls);
            assertColumn(meta, "OA_ENDED_SESSION", "SUBJECT", DatabaseMetaData.columnNullable);
            assertColumn(meta, "OA_ENDED_SESSION", "SID", DatabaseMetaData.columnNullable);
            assertColumn(meta, "OA_ENDED_SESSION", "ENDED_AT", DatabaseMetaData.columnNoNulls);
            assertColumn(meta, "OA_LOGOUT_JTI", "EXPIRES_AT", DatabaseMetaData.columnNoNulls);
            try (ResultSet rs = meta.getColumns(null, null, "OA_ENDED_SESSION", "ENDED_AT")) {
                assertTrue(rs.next());
                assertEquals(java.sql.Types.TIMESTAMP_WITH_TIMEZONE, rs.getInt("DATA_TYPE"));
            }
        }
    }

    private static void assertColumn(DatabaseMetaData meta, String table, String column, int nullable)
            throws Exception {
        try (ResultSet rs = meta.getColumns(null, null, table, column)) {
            assertTrue(rs.next(), table + "." + column);
            assertEquals(nullable, rs.getInt("NULLABLE"), table + "." + column);
        }
    }

    private static Set<String> indexes(DatabaseMetaData meta, String table) throws Exception {
        Set<String> names = new HashSet<>();
        try (ResultSet rs = meta.getIndexInfo(null, null, table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name != null && name.startsWith("OA_")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Test
    void recordAfterCloseThenFails() throws Exception {
        JpaEndedSessions closing = JpaEndedSessions.open(database.settings());
        closing.close();
        assertThrows(IllegalStateException.class, () -> closing.record(new EndedSession(issuer, "sub-alice", null,
                Instant.now())));
    }

    @Test
    void isEndedWhenTheDatabaseDropsTheTableThenSaysUnavailableWithoutValues() throws Exception {
        JpaEndedSessions other = JpaEndedSessions.open(database.settings());
        try {
            database.execute("ALTER TABLE OA_ENDED_SESSION RENAME TO OA_ENDED_SESSION_AWAY");
            EndedSessionsUnavailableException e = assertThrows(EndedSessionsUnavailableException.class,
                    () -> other.isEnded(issuer, "sub-secretive", "sid-secretive", Instant.now()));
            assertTrue(e.getMessage().startsWith("The logout registry could not look up ended sessions"),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("secretive"), e.getMessage());
        } finally {
            database.execute("ALTER TABLE OA_ENDED_SESSION_AWAY RENAME TO OA_ENDED_SESSION");
            other.close();
        }
    }
}
