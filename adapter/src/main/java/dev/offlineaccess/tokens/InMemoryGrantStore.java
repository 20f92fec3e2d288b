package dev.offlineaccess.tokens;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A {@link GrantStore} in memory: for tests and for a single JVM that accepts losing its grants on restart.
 *
 * <p>Rows are immutable {@link StoredGrant}s in a concurrent map; every write stores a new row whose version is the
 * previous one plus one (1 for a new row). {@link #withLock} holds a per-grant lock while the work runs; {@link
 * #save} and {@link #delete} take the same lock, so they wait for a running locked work of another thread, as a
 * database write waits for a row lock. Lock objects exist only while someone holds or waits for them.
 *
 * <p>Fault injection for tests: {@link #failNextCalls(int)} makes the next calls throw
 * {@link TokenStoreUnavailableException} ("database down"); {@link #failNextCommits(int)} lets the next locked works
 * run and then fails their commit, writing nothing ("connection lost after the provider answered").
 * {@link #calls()} counts every call, so a test can assert that a path did not touch the store.
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
public final class InMemoryGrantStore implements GrantStore {
    private static final Comparator<StoredGrant> BY_PRINCIPAL = Comparator.comparing(StoredGrant::principal)
            .thenComparing(g -> g.key().subject());

    private final Map<GrantKey, StoredGrant> rows = new ConcurrentHashMap<>();
    private final Map<GrantKey, CountedLock> locks = new ConcurrentHashMap<>();
    private final AtomicInteger failCalls = new AtomicInteger();
    private final AtomicInteger failCommits = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();

    /** The next {@code n} calls (any method) throw {@link TokenStoreUnavailableException} without doing anything. */
    public void failNextCalls(int n) {
        failCalls.set(n);
    }

    /** The next {@code n} {@link #withLock} calls run their work, then fail to commit: nothing is written. */
    public void failNextCommits(int n) {
        failCommits.set(n);
    }

    /** How many calls this store has received (including failed ones). */
    public long calls() {
        return calls.get();
    }

    /** How many per-grant locks exist now (held or waited for); 0 when idle. */
    public int lockCount() {
        return locks.size();
    }

    @Override
    public Optional<StoredGrant> find(GrantKey key) {
        enter("find");
        return Optional.ofNullable(rows.get(key));
    }

    @Override
    public Optional<StoredGrant> findByPrincipal(String principal) {
        Objects.requireNonNull(principal, "principal");
        enter("findByPrincipal");
        return rows.values().stream().filter(g -> g.principal().equals(principal))
                .max(Comparator.comparing(StoredGrant::created));
    }

    @Override
    public List<StoredGrant> page(int first, int max) {
        enter("page");
        return rows.values().stream().sorted(BY_PRINCIPAL).skip(first).limit(max).toList();
    }

    @Override
    public List<StoredGrant> idleSince(Instant cutoff, IdlePosition after, int max) {
        enter("idleSince");
        return rows.values().stream().filter(g -> g.status() == GrantStatus.ACTIVE)
                .filter(g -> lastActivity(g).isBefore(cutoff))
                .filter(g -> after == null || after.isBefore(g))
                .sorted(Comparator.comparing(InMemoryGrantStore::lastActivity)
                        .thenComparing(g -> g.key().subject())).limit(max).toList();
    }

    @Override
    public long count() {
        enter("count");
        return rows.size();
    }

    @Override
    public StoredGrant save(StoredGrant grant) {
        enter("save");
        return locked(grant.key(), () -> write(grant));
    }

    @Override
    public boolean delete(GrantKey key) {
        enter("delete");
        return locked(key, () -> rows.remove(key) != null);
    }

    @Override
    public <T> T withLock(GrantKey key, LockedWork<T> work) {
        enter("withLock");
        return locked(key, () -> {
            Outcome<T> outcome = work.apply(Optional.ofNullable(rows.get(key)));
            if (failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TokenStoreUnavailableException(key.subject(), "Commit failed (injected fault)", null);
            }
            if (outcome.write() != null) {
                if (!outcome.write().key().equals(key)) {
                    throw new IllegalArgumentException("a locked work may only write its own grant");
                }
                write(outcome.write());
            }
            return outcome.value();
        });
    }

    private StoredGrant write(StoredGrant grant) {
        StoredGrant previous = rows.get(grant.key());
        long version = previous == null ? 1 : previous.version() + 1;
        StoredGrant written = GrantRows.withVersion(grant, version);
        rows.put(grant.key(), written);
        return written;
    }

    private void enter(String operation) {
        calls.incrementAndGet();
        if (failCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new TokenStoreUnavailableException("-", "Token store unavailable in " + operation
                    + " (injected fault)", null);
        }
    }

    private <T> T locked(GrantKey key, Supplier<T> action) {
        CountedLock lock = locks.compute(key, (k, existing) -> (existing == null ? new CountedLock() : existing).use());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
            locks.computeIfPresent(key, (k, existing) -> existing.release() == 0 ? null : existing);
        }
    }

    private static Instant lastActivity(StoredGrant grant) {
        return grant.lastRefreshed() != null ? grant.lastRefreshed() : grant.created();
    }

    /** A lock with a count of its users, changed only inside the map's compute functions. */
    private static final class CountedLock extends ReentrantLock {
        private static final long serialVersionUID = 1L;
        private int users;

        CountedLock use() {
            users++;
            return this;
        }

        int release() {
            return --users;
        }
    }
}
