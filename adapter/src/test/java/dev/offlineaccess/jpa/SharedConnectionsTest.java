package dev.offlineaccess.jpa;

import dev.offlineaccess.logout.EndedSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logout registry on a grant store's connection pool: one pool per node. */
class SharedConnectionsTest {
    private final H2FileDatabase database = new H2FileDatabase();
    private final JpaGrantStore store = JpaGrantStore.open(database.settings(), Grants.ISSUER, Grants.CLIENT);

    SharedConnectionsTest() throws Exception {
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        database.close();
    }

    @Test
    void sharingWritesToTheStoresDatabaseWhereAnotherNodeSeesIt() {
        JpaEndedSessions shared = JpaEndedSessions.sharing(store);
        JpaEndedSessions otherNode = JpaEndedSessions.open(database.settings());
        try {
            shared.record(new EndedSession(Grants.ISSUER, "sub-alice", "sid-1", Grants.T0));

            assertTrue(otherNode.isEnded(Grants.ISSUER, "sub-alice", "sid-1", Grants.T0.minusSeconds(1)));
            assertTrue(shared.markJtiSeen("jti-1", Grants.T0.plusSeconds(300)));
            assertEquals(false, otherNode.markJtiSeen("jti-1", Grants.T0.plusSeconds(300)));
        } finally {
            otherNode.close();
            shared.close();
        }
    }

    @Test
    void closingTheSharingRegistryLeavesTheStoresConnectionsOpen() {
        JpaEndedSessions shared = JpaEndedSessions.sharing(store);
        shared.close();

        store.save(Grants.grant("sub-alice", "alice", Grants.T0));
        assertEquals(1, store.count());
        assertEquals(false, shared.isEnded(Grants.ISSUER, "sub-alice", null, Instant.EPOCH),
                "still usable while the store is open");
    }

    @Test
    void closingTheStoreEndsTheSharingRegistryToo() {
        JpaEndedSessions shared = JpaEndedSessions.sharing(store);
        store.close();

        assertThrows(IllegalStateException.class,
                () -> shared.record(new EndedSession(Grants.ISSUER, "sub-alice", null, Grants.T0)));
    }
}
