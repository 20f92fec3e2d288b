package dev.offlineaccess.benchmarks.support;

import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStore;
import dev.offlineaccess.tokens.GrantStore.IdlePosition;
import dev.offlineaccess.tokens.StoredGrant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** A {@link GrantStore} that counts the calls reaching the real one: proof that a path makes no database call. */
public final class CountingStore implements GrantStore {
    private final GrantStore delegate;
    private final LongAdder calls = new LongAdder();

    public CountingStore(GrantStore delegate) {
        this.delegate = delegate;
    }

    public long calls() {
        return calls.sum();
    }

    @Override
    public Optional<StoredGrant> find(GrantKey key) {
        calls.increment();
        return delegate.find(key);
    }

    @Override
    public Optional<StoredGrant> findByPrincipal(String principal) {
        calls.increment();
        return delegate.findByPrincipal(principal);
    }

    @Override
    public List<StoredGrant> page(int first, int max) {
        calls.increment();
        return delegate.page(first, max);
    }

    @Override
    public List<StoredGrant> idleSince(Instant cutoff, IdlePosition after, int max) {
        calls.increment();
        return delegate.idleSince(cutoff, after, max);
    }

    @Override
    public long count() {
        calls.increment();
        return delegate.count();
    }

    @Override
    public StoredGrant save(StoredGrant grant) {
        calls.increment();
        return delegate.save(grant);
    }

    @Override
    public boolean delete(GrantKey key) {
        calls.increment();
        return delegate.delete(key);
    }

    @Override
    public <T> T withLock(GrantKey key, LockedWork<T> work) {
        calls.increment();
        return delegate.withLock(key, work);
    }
}
