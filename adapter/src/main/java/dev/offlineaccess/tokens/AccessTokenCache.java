package dev.offlineaccess.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last access token per grant, and which grant a principal name resolved to, in this JVM. A lookup is a map
 * read and a time comparison: no store, no provider.
 *
 * <p>Invalidation is guarded by a stamp: a refresh reads {@link #stamp()} before it starts and caches its result
 * with {@link #putIfUnchanged} only when no invalidation happened meanwhile, so a refresh racing with a revoke or
 * forget cannot put back a token of a grant that is gone.
 *
 * <p>Bounded: past {@link #MAX_ENTRIES} tokens (or principal names), entries are dropped, in no particular order,
 * until a quarter of the room is free again (a dropped token only costs one store read later). Unbounded,
 * a job over every stored user kept every user's token (about 2 KB with Keycloak's) for the life of the JVM: 10,000
 * users took 20 MB more heap than 1,000 (benchmarks, nightly job). Thread-safe.
 */
final class AccessTokenCache {
    /** The most tokens (and, separately, principal names) kept. */
    static final int MAX_ENTRIES = 1_000;

    private final Map<GrantKey, AccessToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, GrantKey> principals = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private final Duration skew;

    AccessTokenCache(Duration skew) {
        this.skew = skew;
    }

    /** The cached token of the grant if it is valid for longer than the clock skew at {@code now}. */
    AccessToken valid(GrantKey key, Instant now) {
        AccessToken token = tokens.get(key);
        return token != null && isValid(token.expiresAt(), now) ? token : null;
    }

    /** Whether a token expiring at {@code expiresAt} is still valid for longer than the clock skew. */
    boolean isValid(Instant expiresAt, Instant now) {
        return expiresAt != null && expiresAt.isAfter(now.plus(skew));
    }

    Optional<GrantKey> grantOf(String principal) {
        return Optional.ofNullable(principals.get(principal));
    }

    void remember(String principal, GrantKey key) {
        principals.put(principal, key);
        trim(principals);
    }

    void forgetPrincipal(String principal) {
        principals.remove(principal);
    }

    long stamp() {
        return invalidations.get();
    }

    /** Caches the token unless an invalidation happened after {@code stamp} was read. */
    void putIfUnchanged(GrantKey key, AccessToken token, long stamp) {
        tokens.merge(key, token, (old, mine) -> mine.expiresAt().isAfter(old.expiresAt()) ? mine : old);
        if (invalidations.get() != stamp) {
            tokens.remove(key, token);
        }
        trim(tokens);
    }

    /** Replaces whatever is cached for the grant (a new login). */
    void replace(GrantKey key, String principal, AccessToken token) {
        invalidate(key);
        tokens.put(key, token);
        principals.put(principal, key);
        trim(tokens);
        trim(principals);
    }

    /** Drops entries (in the map's own order) until a quarter of the room is free, when the map is over the bound. */
    private static <K, V> void trim(Map<K, V> map) {
        if (map.size() <= MAX_ENTRIES) {
            return;
        }
        int excess = map.size() - MAX_ENTRIES * 3 / 4;
        var keys = map.keySet().iterator();
        while (excess-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    /** Forgets the grant's token and every principal that resolved to it. */
    void invalidate(GrantKey key) {
        invalidations.incrementAndGet();
        tokens.remove(key);
        principals.values().removeIf(key::equals);
    }

    int size() {
        return tokens.size();
    }

    int principalCount() {
        return principals.size();
    }
}
