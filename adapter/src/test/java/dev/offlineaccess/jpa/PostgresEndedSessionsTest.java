package dev.offlineaccess.jpa;

import dev.offlineaccess.logout.EndedSessions;
import dev.offlineaccess.logout.EndedSessionsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract on a real PostgreSQL server, two registries as two nodes. */
class PostgresEndedSessionsTest extends EndedSessionsContract {
    private static EmbeddedPostgresDatabase database;
    private static JpaEndedSessions nodeA;
    private static JpaEndedSessions nodeB;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedPostgresDatabase.launch();
        nodeA = JpaEndedSessions.open(database.settings());
        nodeB = JpaEndedSessions.open(database.settings());
    }

    @AfterAll
    static void stop() throws Exception {
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
}
