package dev.offlineaccess.logout;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** A registry that counts the calls reaching it and can be told to fail, around a real one. */
final class CountingEndedSessions implements EndedSessions {
    final EndedSessions inner;
    final AtomicInteger records = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger jtiMarks = new AtomicInteger();
    final AtomicInteger purges = new AtomicInteger();
    /** Every call fails. */
    volatile boolean down;
    /** Only {@link #record} fails. */
    volatile boolean recordFails;
    /** Only {@link #purgeOlderThan} fails. */
    volatile boolean purgeFails;

    CountingEndedSessions(EndedSessions inner) {
        this.inner = inner;
    }

    private void failIfDown(String operation) {
        failIf(down, operation);
    }

    private static void failIf(boolean failing, String operation) {
        if (failing) {
            throw new EndedSessionsUnavailableException("The logout registry could not " + operation
                    + " (test: down)", null);
        }
    }

    @Override
    public void record(EndedSession ending) {
        records.incrementAndGet();
        failIf(down || recordFails, "record an ended session");
        inner.record(ending);
    }

    @Override
    public boolean isEnded(String issuer, String subject, String sid, Instant loggedInAt) {
        lookups.incrementAndGet();
        failIfDown("look up ended sessions");
        return inner.isEnded(issuer, subject, sid, loggedInAt);
    }

    @Override
    public boolean markJtiSeen(String jti, Instant expiresAt) {
        jtiMarks.incrementAndGet();
        failIfDown("mark a logout token id");
        return inner.markJtiSeen(jti, expiresAt);
    }

    @Override
    public void purgeOlderThan(Instant cutoff) {
        purges.incrementAndGet();
        failIf(down || purgeFails, "purge old endings");
        inner.purgeOlderThan(cutoff);
    }
}
