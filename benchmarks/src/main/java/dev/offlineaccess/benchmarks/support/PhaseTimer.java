package dev.offlineaccess.benchmarks.support;

import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.TokenEndpoint;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStore;
import dev.offlineaccess.tokens.GrantStore.IdlePosition;
import dev.offlineaccess.tokens.StoredGrant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a token-API call spends its time: wraps the token endpoint and the store and adds up the nanoseconds spent
 * in the provider call and in the store's locked transaction (which contains the provider call). Thread-safe.
 */
public final class PhaseTimer {
    private final LongAdder providerNanos = new LongAdder();
    private final LongAdder providerCalls = new LongAdder();
    private final LongAdder lockedNanos = new LongAdder();
    private final LongAdder lockedCalls = new LongAdder();

    public TokenEndpoint endpoint(TokenEndpoint delegate) {
        return new TokenEndpoint() {
            @Override
            public IssuedTokens refresh(String refreshToken, Set<String> scopes)
                    throws ProviderRejectedException, ProviderUnavailableException {
                long start = System.nanoTime();
                try {
                    return delegate.refresh(refreshToken, scopes);
                } finally {
                    providerNanos.add(System.nanoTime() - start);
                    providerCalls.increment();
                }
            }

            @Override
            public void revokeRefreshToken(String refreshToken)
                    throws ProviderRejectedException, ProviderUnavailableException {
                delegate.revokeRefreshToken(refreshToken);
            }
        };
    }

    public GrantStore store(GrantStore delegate) {
        return new GrantStore() {
            @Override
            public Optional<StoredGrant> find(GrantKey key) {
                return delegate.find(key);
            }

            @Override
            public Optional<StoredGrant> findByPrincipal(String principal) {
                return delegate.findByPrincipal(principal);
            }

            @Override
            public List<StoredGrant> page(int first, int max) {
                return delegate.page(first, max);
            }

            @Override
            public List<StoredGrant> idleSince(Instant cutoff, IdlePosition after, int max) {
                return delegate.idleSince(cutoff, after, max);
            }

            @Override
            public long count() {
                return delegate.count();
            }

            @Override
            public StoredGrant save(StoredGrant grant) {
                return delegate.save(grant);
            }

            @Override
            public boolean delete(GrantKey key) {
                return delegate.delete(key);
            }

            @Override
            public <T> T withLock(GrantKey key, LockedWork<T> work) {
                long start = System.nanoTime();
                try {
                    return delegate.withLock(key, work);
                } finally {
                    lockedNanos.add(System.nanoTime() - start);
                    lockedCalls.increment();
                }
            }
        };
    }

    public void reset() {
        providerNanos.reset();
        providerCalls.reset();
        lockedNanos.reset();
        lockedCalls.reset();
    }

    /** Mean provider time and mean locked-transaction time outside the provider call, in microseconds. */
    public String summary() {
        long calls = Math.max(1, providerCalls.sum());
        double provider = providerNanos.sum() / 1e3 / calls;
        double lockedOutsideProvider = (lockedNanos.sum() - providerNanos.sum()) / 1e3 / Math.max(1, lockedCalls.sum());
        return String.format("per call: provider %.0f us, lock + decrypt + encrypt + write + commit %.0f us (%d calls)",
                provider, lockedOutsideProvider, providerCalls.sum());
    }
}
