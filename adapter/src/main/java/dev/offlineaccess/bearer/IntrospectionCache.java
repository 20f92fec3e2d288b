package dev.offlineaccess.bearer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Recent introspection answers, so that a burst of API calls with one opaque token costs one introspection request.
 * Keyed by the SHA-256 of the token (the token itself is never kept). An entry lives for the configured TTL, but never
 * past the token's {@code exp}; at most {@code maxEntries} are kept, the oldest goes first (see
 * {@link TokenDigestCache}). A TTL of zero disables caching. Thread-safe; reads take no lock.
 */
final class IntrospectionCache {
    private final Duration ttl;
    private final Clock clock;
    private final TokenDigestCache<TokenCheck> answers;

    IntrospectionCache(Duration ttl, int maxEntries, Clock clock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.answers = new TokenDigestCache<>(ttl.isZero() ? 0 : maxEntries);
    }

    /** The answer remembered for this token, if it has not expired. */
    Optional<TokenCheck> get(String token) {
        if (ttl.isZero()) {
            return Optional.empty();
        }
        return Optional.ofNullable(answers.get(TokenDigest.of(token), clock.instant()));
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
        answers.put(TokenDigest.of(token), answer, expiresAt, now);
    }

    int size() {
        return answers.size();
    }

    @Override
    public String toString() {
        return "IntrospectionCache[ttl=" + ttl + ", " + answers + "]";
    }
}
