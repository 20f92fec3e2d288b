package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantStore.Outcome;
import dev.offlineaccess.tokens.OfflineGrantRevokedException;
import dev.offlineaccess.tokens.StoredGrant;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.offlineaccess.jpa.Grants.T0;
import static dev.offlineaccess.jpa.Grants.grant;
import static dev.offlineaccess.jpa.Grants.key;
import static dev.offlineaccess.jpa.Grants.refreshed;
import static dev.offlineaccess.jpa.Grants.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link JpaGrantStore#withLock} must do on a real database: one transaction, a row lock that makes other
 * lockers (threads or nodes) wait, failures that leave the stored row as it was. Subclasses give the database.
 */
@Timeout(60)
abstract class GrantLockContract {
    private static final Duration AT_MOST = Duration.ofSeconds(20);
    private final List<JpaGrantStore> opened = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    JpaGrantStore store;

    abstract TestDatabase database();

    @BeforeEach
    void openStoreOnEmptyTable() throws SQLException {
        store = open(JpaGrantStore.DEFAULT_LOCK_TIMEOUT);
        database().execute("DELETE FROM OA_OFFLINE_GRANT");
    }

    @AfterEach
    void closeStores() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
        opened.forEach(JpaGrantStore::close);
    }

    JpaGrantStore open(Duration lockTimeout) {
        JpaGrantStore s = JpaGrantStore.open(database().settings(), Grants.ISSUER, Grants.CLIENT, lockTimeout);
        opened.add(s);
        return s;
    }

    @Test
    void withLockPassesTheCurrentRowWritesWhatTheWorkReturnsAndReturnsItsValue() {
        store.save(grant("sub-1", "alice", T0));

        String value = store.withLock(key("sub-1"), current -> {
            assertEquals(1, current.orElseThrow().version());
            return new Outcome<>(refreshed(current.get(), sealed("k1", "rotated"), T0.plusSeconds(9)), "done");
        });

        assertEquals("done", value);
        StoredGrant now = store.find(key("sub-1")).orElseThrow();
        assertEquals("rotated", GrantStoreContract.marker(now));
        assertEquals(T0.plusSeconds(9), now.lastRefreshed());
        assertEquals(2, now.version());
    }

    @Test
    void withLockWhenNoRowThenTheWorkSeesNothingAndItsRowIsInserted() {
        Optional<StoredGrant> seen = store.withLock(key("sub-new"),
                current -> new Outcome<>(grant("sub-new", "newbie", T0), current));

        assertTrue(seen.isEmpty());
        assertEquals(1, store.find(key("sub-new")).orElseThrow().version());
    }

    @Test
    void withLockWhenTheWorkWritesNothingThenTheRowKeepsItsVersion() {
        store.save(grant("sub-1", "alice", T0));

        long version = store.withLock(key("sub-1"), current -> Outcome.unchanged(current.orElseThrow().version()));

        assertEquals(1, version);
        assertEquals(1, store.find(key("sub-1")).orElseThrow().version());
        boolean present = store.withLock(key("nobody"), current -> Outcome.unchanged(current.isPresent()));
        assertFalse(present);
        assertTrue(store.find(key("nobody")).isEmpty());
    }

    @Test
    void withLockWhenTheWorkThrowsThenTheSameExceptionAndNothingWritten() {
        StoredGrant before = store.save(grant("sub-1", "alice", T0));
        OfflineGrantRevokedException refused = new OfflineGrantRevokedException("alice", "invalid_grant", "gone");

        OfflineGrantRevokedException thrown = assertThrows(OfflineGrantRevokedException.class,
                () -> store.withLock(key("sub-1"), current -> {
                    throw refused;
                }));

        assertSame(refused, thrown);
        assertEquals(before, store.find(key("sub-1")).orElseThrow());
    }

    @Test
    void withLockWhenTheWorkReturnsAnotherKeyThenRefusedAndNothingWritten() {
        StoredGrant before = store.save(grant("sub-1", "alice", T0));

        assertThrows(IllegalArgumentException.class, () -> store.withLock(key("sub-1"),
                current -> new Outcome<>(grant("sub-2", "mallory", T0), null)));

        assertEquals(before, store.find(key("sub-1")).orElseThrow());
        assertTrue(store.find(key("sub-2")).isEmpty());
    }

    @Test
    void withLockMakesASecondLockerWaitUntilTheFirstCommits() throws Exception {
        assertSecondLockerWaits(store, store);
    }

    @Test
    void twoNodesOnTheSameDatabaseSerializeThroughTheRowLock() throws Exception {
        assertSecondLockerWaits(store, open(JpaGrantStore.DEFAULT_LOCK_TIMEOUT));
    }

    private void assertSecondLockerWaits(JpaGrantStore first, JpaGrantStore second) throws Exception {
        first.save(grant("sub-1", "alice", T0));
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> first.withLock(key("sub-1"), current -> {
            firstHolds.countDown();
            await(releaseFirst);
            return new Outcome<>(refreshed(current.orElseThrow(), sealed("k1", "by-first"), T0.plusSeconds(1)),
                    "first");
        }));
        assertTrue(firstHolds.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));

        Future<String> waiter = threads.submit(() -> second.withLock(key("sub-1"),
                current -> Outcome.unchanged(GrantStoreContract.marker(current.orElseThrow()))));
        database().awaitLockWaiter(AT_MOST);
        assertFalse(waiter.isDone(), "the second locker must wait for the first");

        releaseFirst.countDown();
        assertEquals("first", holder.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
        assertEquals("by-first", waiter.get(AT_MOST.toSeconds(), TimeUnit.SECONDS),
                "the second locker sees what the first committed");
    }

    @Test
    void withLockWhenTheHolderOutlastsTheLockTimeoutThenUnavailableAndTheHoldersWriteStands() throws Exception {
        JpaGrantStore impatient = open(Duration.ofMillis(300));
        store.save(grant("sub-1", "alice", T0));
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> store.withLock(key("sub-1"), current -> {
            firstHolds.countDown();
            await(releaseFirst);
            return new Outcome<>(refreshed(current.orElseThrow(), sealed("k1", "by-holder"), T0), "held");
        }));
        assertTrue(firstHolds.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));

        long start = System.nanoTime();
        TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class,
                () -> impatient.withLock(key("sub-1"), current -> Outcome.unchanged("never")));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(waitedMillis >= 250 && waitedMillis < 4000, "waited " + waitedMillis + " ms");
        assertEquals("sub-1", e.user());
        assertTrue(e.isRetryable());
        releaseFirst.countDown();
        assertEquals("held", holder.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
        assertEquals("by-holder", GrantStoreContract.marker(store.find(key("sub-1")).orElseThrow()));
    }

    @Test
    void deleteOfALockedRowWaitsAtMostTheLockTimeout() throws Exception {
        JpaGrantStore impatient = open(Duration.ofMillis(300));
        store.save(grant("sub-1", "alice", T0));
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> store.withLock(key("sub-1"), current -> {
            firstHolds.countDown();
            await(releaseFirst);
            return Outcome.unchanged("held");
        }));
        assertTrue(firstHolds.await(AT_MOST.toSeconds(), TimeUnit.SECONDS));

        long start = System.nanoTime();
        assertThrows(TokenStoreUnavailableException.class, () -> impatient.delete(key("sub-1")));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(waitedMillis >= 250 && waitedMillis < 4000, "waited " + waitedMillis + " ms");
        releaseFirst.countDown();
        assertEquals("held", holder.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
        assertTrue(store.find(key("sub-1")).isPresent());
    }

    @Test
    void concurrentFirstInsertsOfOneKeyBothSucceedTheLoserRerunningOnTheWinnersRow() throws Exception {
        JpaGrantStore otherNode = open(JpaGrantStore.DEFAULT_LOCK_TIMEOUT);
        CountDownLatch bothInWork = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        List<Optional<StoredGrant>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Future<String> a = threads.submit(() -> store.withLock(key("sub-1"), current -> {
            seen.add(current);
            runs.incrementAndGet();
            bothInWork.countDown();
            await(bothInWork);
            return new Outcome<>(grant("sub-1", current.isPresent() ? "a-after-b" : "a", T0), "a");
        }));
        Future<String> b = threads.submit(() -> otherNode.withLock(key("sub-1"), current -> {
            seen.add(current);
            runs.incrementAndGet();
            bothInWork.countDown();
            await(bothInWork);
            return new Outcome<>(grant("sub-1", current.isPresent() ? "b-after-a" : "b", T0), "b");
        }));

        assertEquals("a", a.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
        assertEquals("b", b.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));

        assertEquals(3, runs.get(), "the loser ran its work once more");
        assertEquals(2, seen.stream().filter(Optional::isEmpty).count());
        String winner = seen.stream().flatMap(Optional::stream).findFirst().orElseThrow().principal();
        StoredGrant stored = store.find(key("sub-1")).orElseThrow();
        assertEquals(winner.equals("a") ? "b-after-a" : "a-after-b", stored.principal(),
                "the loser wrote last, on top of the winner's row");
        assertEquals(2, stored.version());
        assertEquals(1, store.count());
    }

    @Test
    void withLockWhenTheConnectionDiesBeforeCommitThenUnavailableAndTheOldRowIntact() {
        StoredGrant before = store.save(grant("sub-1", "alice", T0));

        TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class,
                () -> store.withLock(key("sub-1"), current -> {
                    try {
                        database().execute(database().abortOtherSessionsSql());
                    } catch (SQLException failure) {
                        throw new AssertionError(failure);
                    }
                    return new Outcome<>(refreshed(current.orElseThrow(), sealed("k1", "lost"), T0), "unseen");
                }));

        assertInstanceOf(RuntimeException.class, e.getCause());
        assertEquals(before, store.find(key("sub-1")).orElseThrow(), "the store recovers and kept the old row");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(AT_MOST.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
