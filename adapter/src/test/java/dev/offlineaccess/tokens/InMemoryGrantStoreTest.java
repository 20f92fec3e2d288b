package dev.offlineaccess.tokens;

import dev.offlineaccess.tokens.GrantStore.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryGrantStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final InMemoryGrantStore store = new InMemoryGrantStore();

    @Test
    void saveInsertsWithVersionOneThenReplacesWithTheNextVersion() {
        StoredGrant first = store.save(row("alice", "s1", T0, null));
        StoredGrant second = store.save(row("alice", "s1", T0, T0));

        assertEquals(1, first.version());
        assertEquals(2, second.version());
        assertEquals(second, store.find(first.key()).orElseThrow());
        assertEquals(1, store.count());
    }

    @Test
    void withLockWritesWhatTheWorkReturnsAndReturnsItsValue() {
        StoredGrant saved = store.save(row("alice", "s1", T0, null));

        String value = store.withLock(saved.key(), current -> new Outcome<>(
                GrantRows.used(current.orElseThrow(), T0), "done"));

        assertEquals("done", value);
        assertEquals(T0, store.find(saved.key()).orElseThrow().lastUsed());
        assertEquals(2, store.find(saved.key()).orElseThrow().version());
        assertEquals(0, store.lockCount());
    }

    @Test
    void withLockWhenTheWorkWritesNothingThenTheRowStays() {
        StoredGrant saved = store.save(row("alice", "s1", T0, null));

        store.withLock(saved.key(), current -> Outcome.unchanged(null));

        assertEquals(saved, store.find(saved.key()).orElseThrow());
    }

    @Test
    void withLockMayNotWriteAnotherGrant() {
        StoredGrant other = row("bob", "s2", T0, null);
        assertThrows(IllegalArgumentException.class,
                () -> store.withLock(TokenFixture.key("s1"), current -> new Outcome<>(other, null)));
        assertEquals(0, store.count());
    }

    @Test
    void failedCommitRunsTheWorkButWritesNothing() {
        StoredGrant saved = store.save(row("alice", "s1", T0, null));
        store.failNextCommits(1);
        AtomicBoolean ran = new AtomicBoolean();

        assertThrows(TokenStoreUnavailableException.class, () -> store.withLock(saved.key(), current -> {
            ran.set(true);
            return new Outcome<>(GrantRows.used(current.orElseThrow(), T0), null);
        }));

        assertTrue(ran.get());
        assertEquals(saved, store.find(saved.key()).orElseThrow());
        store.withLock(saved.key(), current -> Outcome.unchanged(null));
    }

    @Test
    void failNextCallsFailsExactlyThatManyCalls() {
        store.failNextCalls(2);

        assertThrows(TokenStoreUnavailableException.class, store::count);
        assertThrows(TokenStoreUnavailableException.class, () -> store.find(TokenFixture.key("s")));
        assertEquals(0, store.count());
        assertEquals(3, store.calls());
    }

    @Test
    void withLockMakesOtherWritersOfTheSameGrantWait() throws InterruptedException {
        StoredGrant saved = store.save(row("alice", "s1", T0, null));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> store.withLock(saved.key(), current -> {
            inside.countDown();
            await(release);
            return Outcome.unchanged(null);
        }));
        holder.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        CountDownLatch saveDone = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            store.save(row("alice", "s1", T0, T0));
            saveDone.countDown();
        });
        writer.start();

        assertFalse(saveDone.await(100, TimeUnit.MILLISECONDS), "the save waits for the lock");
        release.countDown();
        assertTrue(saveDone.await(5, TimeUnit.SECONDS));
        holder.join();
        writer.join();
        assertEquals(0, store.lockCount(), "no lock object is kept");
    }

    @Test
    void pageOrdersByPrincipalThenSubject() {
        store.save(row("bob", "s2", T0, null));
        store.save(row("alice", "s9", T0, null));
        store.save(row("alice", "s1", T0, null));

        List<String> order = store.page(0, 10).stream().map(g -> g.principal() + "/" + g.key().subject()).toList();

        assertEquals(List.of("alice/s1", "alice/s9", "bob/s2"), order);
        assertEquals(List.of("alice/s9"), store.page(1, 1).stream()
                .map(g -> g.principal() + "/" + g.key().subject()).toList());
    }

    @Test
    void idleSinceListsActiveGrantsIdleBeforeTheCutoffOldestFirst() {
        store.save(row("recent", "s1", T0, T0.plus(Duration.ofDays(10))));
        store.save(row("old", "s2", T0, T0.plus(Duration.ofDays(1))));
        store.save(row("never", "s3", T0.minus(Duration.ofDays(1)), null));
        StoredGrant revoked = store.save(row("revoked", "s4", T0, null));
        store.save(GrantRows.revoked(revoked, "invalid_grant", "User disabled", T0));

        List<String> idle = store.idleSince(T0.plus(Duration.ofDays(5)), 10).stream()
                .map(StoredGrant::principal).toList();

        assertEquals(List.of("never", "old"), idle);
        assertEquals(1, store.idleSince(T0.plus(Duration.ofDays(5)), 1).size());
    }

    @Test
    void idleSinceAfterAPositionSkipsWhatCameBeforeItEvenWhenItIsStillIdle() {
        store.save(row("b", "s-b", T0, null));
        store.save(row("a", "s-a", T0, null));
        store.save(row("c", "s-c", T0.plus(Duration.ofDays(1)), null));
        Instant cutoff = T0.plus(Duration.ofDays(5));

        List<StoredGrant> first = store.idleSince(cutoff, null, 1);
        List<String> rest = store.idleSince(cutoff, GrantStore.IdlePosition.of(first.get(0)), 10).stream()
                .map(StoredGrant::principal).toList();

        assertEquals("a", first.get(0).principal(), "same activity: ordered by subject");
        assertEquals(List.of("b", "c"), rest);
    }

    @Test
    void findByPrincipalAndDelete() {
        StoredGrant saved = store.save(row("alice", "s1", T0, null));

        assertEquals(Optional.of(saved), store.findByPrincipal("alice"));
        assertTrue(store.findByPrincipal("bob").isEmpty());
        assertTrue(store.delete(saved.key()));
        assertFalse(store.delete(saved.key()));
        assertTrue(store.find(saved.key()).isEmpty());
    }

    private static StoredGrant row(String principal, String subject, Instant created, Instant lastRefreshed) {
        return new StoredGrant(TokenFixture.key(subject), principal, new SealedToken("k1", "c2VhbGVk"), null, null,
                Set.of("openid"), created, lastRefreshed, null, null, GrantStatus.ACTIVE, null, null, null, 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
