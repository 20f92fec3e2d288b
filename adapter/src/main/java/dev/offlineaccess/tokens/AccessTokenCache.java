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
 * forget cannot put back a token of a grant that is gone. Thread-safe.
 */
final class AccessTokenCache {
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
    }

    /** Replaces whatever is cached for the grant (a new login). */
    void replace(GrantKey key, String principal, AccessToken token) {
        invalidate(key);
        tokens.put(key, token);
        principals.put(principal, key);
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
}
