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

    private final Map<GrantKey, Entry> tokens = new ConcurrentHashMap<>();
    private final Map<String, GrantKey> principals = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private final Duration skew;

    AccessTokenCache(Duration skew) {
        this.skew = skew;
    }

    /** The cached token of the grant, unless it is due for renewal at {@code now} (see {@link #renewAt}). */
    AccessToken valid(GrantKey key, Instant now) {
        Entry entry = tokens.get(key);
        return entry != null && now.isBefore(entry.renewAt()) ? entry.token() : null;
    }

    /**
     * When a token is renewed rather than handed out: {@code skew} before it expires, but never before the middle of
     * its life. A token handed out is thus valid for at least the skew or half its lifetime, and a lifetime shorter
     * than twice the skew (Keycloak's 60 s tokens with the default 60 s skew) does not make every call a refresh.
     *
     * @param issuedAt when the token was obtained, or {@code null} when unknown (then the whole skew applies)
     */
    static Instant renewAt(Instant expiresAt, Instant issuedAt, Duration skew) {
        Duration margin = skew;
        if (issuedAt != null && expiresAt.isAfter(issuedAt)) {
            Duration half = Duration.between(issuedAt, expiresAt).dividedBy(2);
            margin = half.compareTo(skew) < 0 ? half : skew;
        }
        return expiresAt.minus(margin);
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

    /**
     * Caches the token, obtained at {@code now}, unless an invalidation happened after {@code stamp} was read.
     * Tokens without an expiry are not cached.
     */
    void putIfUnchanged(GrantKey key, AccessToken token, Instant now, long stamp) {
        if (token.expiresAt() == null) {
            return;
        }
        Entry entry = new Entry(token, renewAt(token.expiresAt(), now, skew));
        tokens.merge(key, entry, (old, mine) -> mine.token().expiresAt().isAfter(old.token().expiresAt())
                ? mine : old);
        if (invalidations.get() != stamp) {
            tokens.remove(key, entry);
        }
        trim(tokens);
    }

    /** Replaces whatever is cached for the grant (a new login, its token obtained at {@code now}). */
    void replace(GrantKey key, String principal, AccessToken token, Instant now) {
        invalidate(key);
        if (token.expiresAt() != null) {
            tokens.put(key, new Entry(token, renewAt(token.expiresAt(), now, skew)));
        }
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

    /** A cached token and the instant from which it is renewed instead of handed out. */
    private record Entry(AccessToken token, Instant renewAt) {
    }

    int size() {
        return tokens.size();
    }

    int principalCount() {
        return principals.size();
    }
}
