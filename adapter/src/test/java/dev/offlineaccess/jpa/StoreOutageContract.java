package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantStore.Outcome;
import dev.offlineaccess.tokens.StoredGrant;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.offlineaccess.jpa.Grants.T0;
import static dev.offlineaccess.jpa.Grants.grant;
import static dev.offlineaccess.jpa.Grants.key;
import static dev.offlineaccess.jpa.Grants.refreshed;
import static dev.offlineaccess.jpa.Grants.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away and comes back: every call fails as {@link TokenStoreUnavailableException}, fast, and
 * nothing stored is lost. Subclasses give a database that can be stopped and started.
 */
@Timeout(120)
abstract class StoreOutageContract {
    private final List<JpaGrantStore> opened = new ArrayList<>();
    JpaGrantStore store;

    abstract RestartableDatabase database();

    /** How long one failing call may take: no retry loop with delays may hide behind it. */
    abstract long fastMillis();

    @BeforeEach
    void openStoreOnEmptyTable() throws Exception {
        store = open();
        database().execute("DELETE FROM OA_OFFLINE_GRANT");
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JpaGrantStore::close);
    }

    private JpaGrantStore open() {
        JpaGrantStore s = JpaGrantStore.open(database().settings(), Grants.ISSUER, Grants.CLIENT);
        opened.add(s);
        return s;
    }

    @Test
    void whenTheDatabaseIsDownEveryCallIsUnavailableAndAfterARestartTheRowIsIntact() throws Exception {
        StoredGrant saved = store.save(grant("sub-1", "alice", T0));
        store.find(key("sub-1"));
        database().stop();
        try {
            AtomicBoolean workRan = new AtomicBoolean();
            assertUnavailableFast(() -> store.find(key("sub-1")));
            assertUnavailableFast(() -> store.findByPrincipal("alice"));
            assertUnavailableFast(() -> store.page(0, 10));
            assertUnavailableFast(() -> store.idleSince(T0, 10));
            assertUnavailableFast(() -> store.count());
            assertUnavailableFast(() -> store.save(grant("sub-1", "mallory", T0)));
            assertUnavailableFast(() -> store.delete(key("sub-1")));
            assertUnavailableFast(() -> store.withLock(key("sub-1"), current -> {
                workRan.set(true);
                return Outcome.unchanged(null);
            }));
            assertFalse(workRan.get(), "no work runs without the lock");
        } finally {
            database().start();
        }

        assertEquals(saved, store.find(key("sub-1")).orElseThrow());
        assertEquals(2, store.save(grant("sub-1", "alice-again", T0)).version(), "the store works again");
    }

    @Test
    void withLockWhenTheDatabaseGoesDownDuringTheWorkThenUnavailableAndTheOldRowIntact() throws Exception {
        StoredGrant saved = store.save(grant("sub-1", "alice", T0));
        try {
            assertUnavailableFast(() -> store.withLock(key("sub-1"), current -> {
                stopDatabase();
                return new Outcome<>(refreshed(current.orElseThrow(), sealed("k1", "lost"), T0), "unseen");
            }));
        } finally {
            database().start();
        }

        assertEquals(saved, store.find(key("sub-1")).orElseThrow());
    }

    @Test
    void openWhenTheDatabaseIsDownThenUnavailable() throws Exception {
        database().stop();
        try {
            TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class, this::open);
            assertTrue(e.getMessage().startsWith("The offline-token store could not open"), e.getMessage());
        } finally {
            database().start();
        }
        assertEquals(0, open().count());
    }

    private void stopDatabase() {
        try {
            database().stop();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertUnavailableFast(Executable call) {
        long start = System.nanoTime();
        TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class, call);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < fastMillis(), "took " + millis + " ms");
        assertTrue(e.isRetryable());
        assertFalse(e.getMessage().contains("sealed"), "no token data in the message");
    }
}
