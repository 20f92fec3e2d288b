package dev.offlineaccess.logout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A short-lived cache in front of a shared (database) {@link EndedSessions} registry, so that the {@link #isEnded}
 * check every request makes costs a map lookup, not a query.
 *
 * <ul>
 *   <li>{@link #isEnded} answers are kept for the time to live (default {@link #DEFAULT_TTL}) per (issuer, subject,
 *   sid, login time). <b>Propagation delay</b>: a logout received by another node ends a session here at most one
 *   time to live later. A logout received by this node clears the cache, so here it takes effect at once.</li>
 *   <li>{@link #markJtiSeen} remembers the {@code jti}s this node saw until they expire, so a replay to this node
 *   is refused without a query; a replay to another node is refused by the shared registry.</li>
 * </ul>
 *
 * <p>Bounded to {@code maxEntries} answers and as many {@code jti}s (oldest out first). Thread-safe. Failures of
 * the delegate pass through as {@link EndedSessionsUnavailableException}; a failed lookup is not cached.
 */
public final class CachedEndedSessions implements EndedSessions {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(3);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final EndedSessions delegate;
    private final Duration ttl;
    private final Clock clock;
    private final ExpiringMap<SessionKey, Boolean> answers;
    private final ExpiringMap<String, Boolean> seenJtis;
    /** Bumped by every local ending, so that an answer read before it is not cached after it. */
    private final AtomicLong generation = new AtomicLong();

    private record SessionKey(String issuer, String subject, String sid, Instant loggedInAt) {
    }

    /** With {@link #DEFAULT_TTL} and {@link #DEFAULT_MAX_ENTRIES}. */
    public CachedEndedSessions(EndedSessions delegate, Clock clock) {
        this(delegate, DEFAULT_TTL, DEFAULT_MAX_ENTRIES, clock);
    }

    /**
     * @param delegate   the shared registry
     * @param ttl        how long an {@link #isEnded} answer is reused: the longest delay before a logout received
     *                   by another node takes effect here; zero disables the answer cache
     * @param maxEntries the most answers, and the most {@code jti}s, kept
     */
    public CachedEndedSessions(EndedSessions delegate, Duration ttl, int maxEntries, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        this.answers = new ExpiringMap<>(maxEntries);
        this.seenJtis = new ExpiringMap<>(maxEntries);
    }

    /** The time to live of an answer: the cross-node propagation delay. */
    public Duration ttl() {
        return ttl;
    }

    @Override
    public void record(EndedSession ending) {
        delegate.record(ending);
        generation.incrementAndGet();
        answers.clear();
    }

    @Override
    public boolean isEnded(String issuer, String subject, String sid, Instant loggedInAt) {
        SessionKey key = new SessionKey(Objects.requireNonNull(issuer, "issuer"), subject, sid,
                Objects.requireNonNull(loggedInAt, "loggedInAt"));
        Instant now = clock.instant();
        Boolean cached = answers.get(key, now);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        boolean ended = delegate.isEnded(issuer, subject, sid, loggedInAt);
        if (!ttl.isZero() && generation.get() == before) {
            answers.put(key, ended, now.plus(ttl), now);
        }
        return ended;
    }

    @Override
    public boolean markJtiSeen(String jti, Instant expiresAt) {
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        if (seenJtis.get(jti, now) != null) {
            return false;
        }
        boolean fresh = delegate.markJtiSeen(jti, expiresAt);
        seenJtis.put(jti, Boolean.TRUE, expiresAt.isBefore(now) ? now : expiresAt, now);
        return fresh;
    }

    @Override
    public void purgeOlderThan(Instant cutoff) {
        delegate.purgeOlderThan(cutoff);
        seenJtis.removeExpiredBefore(cutoff);
        generation.incrementAndGet();
        answers.clear();
    }
}
