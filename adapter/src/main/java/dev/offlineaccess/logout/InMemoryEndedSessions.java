package dev.offlineaccess.logout;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link EndedSessions} registry of a single node, in memory. Right for one JVM; with several nodes use the
 * database registry, or a logout reaching node A leaves the user signed in on node B.
 *
 * <p>Per (issuer, {@code sid}) and per (issuer, subject) only the latest ending is kept, which is all
 * {@link #isEnded} needs. <b>Bounded</b>: each of those maps, and the {@code jti} marks, hold at most
 * {@code maxEntries}; beyond that the oldest ending is forgotten (a session it covered would then survive), and
 * expired {@code jti} marks go first, then the oldest. With the default of {@value #DEFAULT_MAX_ENTRIES} that takes
 * ten thousand logouts within one {@link #purgeOlderThan} period, or within a token's maximum age for {@code jti}s.
 *
 * <p>Thread-safe: every method locks the registry briefly; nothing blocks on I/O. Arguments as in
 * {@link EndedSessions}; never throws {@link EndedSessionsUnavailableException}.
 */
public final class InMemoryEndedSessions implements EndedSessions {
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final Map<Key, Instant> bySid;
    private final Map<Key, Instant> bySubjectWithoutSid;
    private final Map<Key, Instant> bySubject;
    private final ExpiringMap<String, Boolean> jtis;

    private record Key(String issuer, String id) {
    }

    public InMemoryEndedSessions(Clock clock) {
        this(DEFAULT_MAX_ENTRIES, clock);
    }

    public InMemoryEndedSessions(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bySid = bounded(maxEntries);
        this.bySubjectWithoutSid = bounded(maxEntries);
        this.bySubject = bounded(maxEntries);
        this.jtis = new ExpiringMap<>(maxEntries);
    }

    private static Map<Key, Instant> bounded(int maxEntries) {
        return new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Instant> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized void record(EndedSession ending) {
        Objects.requireNonNull(ending, "ending");
        String issuer = ending.issuer();
        if (ending.sid() != null) {
            keepLatest(bySid, new Key(issuer, ending.sid()), ending.endedAt());
        } else {
            keepLatest(bySubjectWithoutSid, new Key(issuer, ending.subject()), ending.endedAt());
        }
        if (ending.subject() != null) {
            keepLatest(bySubject, new Key(issuer, ending.subject()), ending.endedAt());
        }
    }

    private static void keepLatest(Map<Key, Instant> map, Key key, Instant endedAt) {
        Instant previous = map.remove(key);
        map.put(key, previous != null && previous.isAfter(endedAt) ? previous : endedAt);
    }

    @Override
    public synchronized boolean isEnded(String issuer, String subject, String sid, Instant loggedInAt) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(loggedInAt, "loggedInAt");
        if (sid != null && covers(bySid.get(new Key(issuer, sid)), loggedInAt)) {
            return true;
        }
        if (subject == null) {
            return false;
        }
        Map<Key, Instant> subjectEndings = sid == null ? bySubject : bySubjectWithoutSid;
        return covers(subjectEndings.get(new Key(issuer, subject)), loggedInAt);
    }

    static boolean covers(Instant endedAt, Instant loggedInAt) {
        return endedAt != null && !endedAt.isBefore(loggedInAt);
    }

    @Override
    public boolean markJtiSeen(String jti, Instant expiresAt) {
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        // a mark is kept at least until now, so that an already expired token's jti still counts as seen once
        return jtis.putIfAbsent(jti, Boolean.TRUE, expiresAt.isBefore(now) ? now : expiresAt, now);
    }

    @Override
    public synchronized void purgeOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        bySid.values().removeIf(endedAt -> endedAt.isBefore(cutoff));
        bySubjectWithoutSid.values().removeIf(endedAt -> endedAt.isBefore(cutoff));
        bySubject.values().removeIf(endedAt -> endedAt.isBefore(cutoff));
        jtis.removeExpiredBefore(cutoff);
    }
}
