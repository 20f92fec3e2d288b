package dev.offlineaccess.logout;

import dev.offlineaccess.session.Sessions;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionEndCheckTest {
    static final String ISSUER = "https://op.example/realms/test";
    private static final Instant SIGNED_IN = Instant.parse("2026-11-23T10:00:00Z");

    private final TestClock clock = new TestClock(SIGNED_IN.plusSeconds(60));
    private final CountingEndedSessions database = new CountingEndedSessions(new InMemoryEndedSessions(clock));
    private final SessionEndCheck check = new SessionEndCheck(new CachedEndedSessions(database, clock), clock);
    private final Warnings warnings = new Warnings();

    /** A session of alice signed in at {@code signedInAt} through the provider session {@code sid}. */
    static UserSession session(String sid, Instant signedInAt) {
        Map<String, Object> claims = sid == null ? Map.of("sub", "sub-alice") : Map.of("sub", "sub-alice", "sid", sid);
        return new UserSession(ISSUER, "portal", "sub-alice", "alice", Set.of(), Sessions.idToken(claims), Map.of(),
                "access-1", signedInAt.plusSeconds(300), Set.of("openid"), "refresh-1", false, "csrf-1", signedInAt);
    }

    private static VerifiedLogout logout(String subject, String sid) {
        return new VerifiedLogout(ISSUER, subject, sid, "jti-" + System.nanoTime(), SIGNED_IN, false);
    }

    @AfterEach
    void detach() {
        warnings.close();
    }

    @Test
    void isEndedWhenTheSharedRegistryRecordedAnEndingOfTheSidThenTrue() {
        database.record(new EndedSession(ISSUER, "sub-alice", "sid-1", clock.instant()));

        assertTrue(check.isEnded(session("sid-1", SIGNED_IN)));
        assertFalse(check.isEnded(session("sid-2", SIGNED_IN)), "another provider session of alice stays");
        assertFalse(check.isEnded(session("sid-1", clock.instant().plusSeconds(1))), "signed in again afterwards");
    }

    @Test
    void isEndedWhenNothingWasRecordedThenFalseAndTheRegistryIsAskedOncePerCacheWindow() {
        UserSession alice = session("sid-1", SIGNED_IN);
        for (int request = 0; request < 50; request++) {
            assertFalse(check.isEnded(alice));
        }
        assertEquals(1, database.lookups.get(), "steady state: one query per session per cache window");

        clock.advance(CachedEndedSessions.DEFAULT_TTL.plusMillis(1));
        assertFalse(check.isEnded(alice));
        assertEquals(2, database.lookups.get());
    }

    @Test
    void endLocallyEndsTheSessionsOnThisNodeEvenWhenTheSharedRegistryIsDown() {
        database.down = true;

        check.endLocally(logout("sub-alice", "sid-1"));

        assertTrue(check.isEnded(session("sid-1", SIGNED_IN)));
        assertTrue(check.isEnded(session(null, SIGNED_IN)), "a session without sid ends with any ending of its user");
        assertFalse(check.isEnded(session("sid-2", SIGNED_IN.plusSeconds(1))));
    }

    @Test
    void isEndedWhenTheRegistryIsDownThenTheSessionIsKeptWithOneWarningAndNoQueryDuringThePause() {
        database.down = true;
        UserSession alice = session("sid-1", SIGNED_IN);

        assertFalse(check.isEnded(alice));
        assertFalse(check.isEnded(alice));
        assertEquals(1, database.lookups.get(), "no query per request while paused");
        clock.advance(SessionEndCheck.PAUSE_AFTER_FAILURE);
        assertFalse(check.isEnded(alice));
        assertEquals(2, database.lookups.get());

        assertEquals(1, warnings.count(), warnings.lines.toString());
        assertTrue(warnings.lines.get(0).startsWith(SessionEndCheck.UNAVAILABLE_WARNING + ":"));
        clock.advance(SessionEndCheck.WARNING_INTERVAL);
        assertFalse(check.isEnded(alice));
        assertEquals(2, warnings.count(), "again once the interval passed");
    }

    @Test
    void isEndedOnceTheRegistryIsBackThenTheEndingIsSeen() {
        database.down = true;
        UserSession alice = session("sid-1", SIGNED_IN);
        assertFalse(check.isEnded(alice));
        database.down = false;
        database.record(new EndedSession(ISSUER, "sub-alice", null, clock.instant()));

        clock.advance(SessionEndCheck.PAUSE_AFTER_FAILURE);

        assertTrue(check.isEnded(alice));
    }

    @Test
    void offNeverLooksAnywhere() {
        assertFalse(SessionEndCheck.off().isOn());
        SessionEndCheck.off().endLocally(logout("sub-alice", null));

        assertFalse(SessionEndCheck.off().isEnded(session("sid-1", SIGNED_IN)));
        assertTrue(check.isOn());
    }

    /** The warnings the logout package logs, by their raw message. */
    private static final class Warnings extends Handler {
        private final Logger logger = Logger.getLogger("dev.offlineaccess.logout");
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Warnings() {
            logger.addHandler(this);
        }

        int count() {
            return lines.size();
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                lines.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
