package dev.offlineaccess.bearer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Recent introspection answers, so that a burst of API calls with one opaque token costs one introspection request.
 * Keyed by the SHA-256 of the token (the token itself is never kept). An entry lives for the configured TTL, but never
 * past the token's {@code exp}; at most {@code maxEntries} are kept, the least recently used goes first. A TTL of
 * zero disables caching. Thread-safe (one lock, held only for map operations).
 */
final class IntrospectionCache {
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> entries;

    private record Entry(TokenCheck answer, Instant expiresAt) {
    }

    IntrospectionCache(Duration ttl, int maxEntries, Clock clock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > IntrospectionCache.this.maxEntries;
            }
        };
    }

    /** The answer remembered for this token, if it has not expired. */
    Optional<TokenCheck> get(String token) {
        String key = keyOf(token);
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (!now.isBefore(entry.expiresAt())) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(entry.answer());
        }
    }

    /**
     * Remembers a decided answer ({@link TokenCheck.Valid} or {@link TokenCheck.Rejected}; an
     * {@link TokenCheck.Unavailable} is never cached).
     *
     * @param tokenExpiresAt the token's {@code exp}, or {@code null} when unknown
     */
    void put(String token, TokenCheck answer, Instant tokenExpiresAt) {
        if (answer instanceof TokenCheck.Unavailable || ttl.isZero()) {
            return;
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        if (tokenExpiresAt != null && tokenExpiresAt.isBefore(expiresAt)) {
            expiresAt = tokenExpiresAt;
        }
        if (!now.isBefore(expiresAt)) {
            return;
        }
        String key = keyOf(token);
        synchronized (entries) {
            entries.put(key, new Entry(answer, expiresAt));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** The cache key: base64url of SHA-256 over the token's UTF-8 bytes. */
    static String keyOf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
