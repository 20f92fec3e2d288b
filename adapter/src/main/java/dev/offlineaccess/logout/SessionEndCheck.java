package dev.offlineaccess.logout;

import dev.offlineaccess.session.UserSession;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The question every browser request with a signed-in session asks: has the provider ended this web session by a
 * back-channel logout? It looks in two places:
 * <ol>
 *   <li>the endings this node received itself ({@link #endLocally}), in memory: they end the node's sessions at once,
 *   even when recording them in the shared registry failed;</li>
 *   <li>the shared {@link EndedSessions} registry (normally a {@link CachedEndedSessions} in front of the database),
 *   which carries the endings other nodes received; the cache answers most requests without a query.</li>
 * </ol>
 *
 * <p><b>When the shared registry is unavailable</b> the session is kept (a database outage must not sign everybody
 * out), the warning {@value #UNAVAILABLE_WARNING} is logged at most once per {@link #WARNING_INTERVAL}, and the
 * registry is not asked again for {@link #PAUSE_AFTER_FAILURE}, so that an outage does not add a failing query to
 * every request.
 *
 * <p>Thread-safe. Arguments must not be {@code null}. {@link #off()} answers "not ended" without looking anywhere:
 * for an application without a back-channel logout endpoint, where nothing records endings.
 */
public final class SessionEndCheck {
    /** The stable id of the warning logged while the shared registry cannot be read. */
    public static final String UNAVAILABLE_WARNING = "OIDC-BACKCHANNEL-CHECK-UNAVAILABLE";
    /** At most one {@value #UNAVAILABLE_WARNING} per this interval. */
    public static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);
    /** After a failed lookup the shared registry is left alone this long (requests pass unchecked against it). */
    public static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(SessionEndCheck.class.getName());
    private static final SessionEndCheck OFF = new SessionEndCheck();

    private final EndedSessions shared;
    private final InMemoryEndedSessions local;
    private final Clock clock;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);
    private final AtomicReference<Instant> nextWarning = new AtomicReference<>(Instant.MIN);

    /**
     * @param shared the registry every node records its endings in (with a cache in front for a database)
     * @param clock  the time source (endings received here, the warning interval, the pause)
     */
    public SessionEndCheck(EndedSessions shared, Clock clock) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.local = new InMemoryEndedSessions(clock);
    }

    private SessionEndCheck() {
        this.shared = null;
        this.local = null;
        this.clock = null;
    }

    /** The check of an application without back-channel logout: never ended. */
    public static SessionEndCheck off() {
        return OFF;
    }

    /** Whether this check looks anywhere (back-channel logout is on). */
    public boolean isOn() {
        return shared != null;
    }

    /**
     * Whether a back-channel logout received at or after the session's sign-in covers it (see {@link EndedSessions}
     * for which endings cover which sessions). {@code false} while the shared registry cannot be read.
     */
    public boolean isEnded(UserSession user) {
        Objects.requireNonNull(user, "user");
        if (shared == null) {
            return false;
        }
        String sid = user.sid();
        if (local.isEnded(user.issuer(), user.subject(), sid, user.signedInAt())) {
            return true;
        }
        Instant now = clock.instant();
        if (now.isBefore(pausedUntil.get())) {
            return false;
        }
        try {
            return shared.isEnded(user.issuer(), user.subject(), sid, user.signedInAt());
        } catch (EndedSessionsUnavailableException e) {
            pausedUntil.set(now.plus(PAUSE_AFTER_FAILURE));
            warnAtMostOncePerInterval(now, e);
            return false;
        }
    }

    /**
     * Ends, on this node, the sessions a verified logout covers: from now on {@link #isEnded} says so here, whether
     * or not the ending could be recorded in the shared registry for the other nodes. Does nothing when off.
     */
    public void endLocally(VerifiedLogout logout) {
        Objects.requireNonNull(logout, "logout");
        if (shared != null) {
            local.record(logout.toEndedSession(clock.instant()));
        }
    }

    private void warnAtMostOncePerInterval(Instant now, EndedSessionsUnavailableException e) {
        Instant due = nextWarning.get();
        if (!now.isBefore(due) && nextWarning.compareAndSet(due, now.plus(WARNING_INTERVAL))) {
            LOG.log(Level.WARNING, UNAVAILABLE_WARNING + ": the back-channel logout registry cannot be read ({0});"
                    + " signed-in sessions are kept, unchecked against it, until it is back, so a session ended at"
                    + " the provider through another node may stay signed in here meanwhile", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return shared == null ? "SessionEndCheck[off]" : "SessionEndCheck[" + shared.getClass().getSimpleName() + "]";
    }
}
