package dev.offlineaccess.servlet;

import dev.offlineaccess.login.PendingLogins;
import dev.offlineaccess.login.SessionChange;
import dev.offlineaccess.session.UserSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * What the adapter keeps in the HTTP session — the signed-in {@link UserSession} and the {@link PendingLogins} —
 * read and written under fixed attribute names, and {@link SessionChange}s applied to it. Per-session work is
 * serialised with a striped lock on the session id, so that two requests of one user never refresh the same
 * refresh token or overwrite each other's pending sign-ins. Thread-safe.
 */
final class SessionState {
    /** Session attribute holding the signed-in user. */
    static final String USER = "dev.offlineaccess.session.UserSession";
    /** Session attribute holding the sign-ins in progress. */
    static final String PENDING = "dev.offlineaccess.login.PendingLogins";

    private static final int STRIPES = 256;
    private final Object[] locks = new Object[STRIPES];

    SessionState() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** The lock for one session's adapter state. */
    Object lockFor(HttpSession session) {
        return locks[Math.floorMod(session.getId().hashCode(), STRIPES)];
    }

    static UserSession user(HttpSession session) {
        return session != null && attribute(session, USER) instanceof UserSession user ? user : null;
    }

    static PendingLogins pending(HttpSession session) {
        return session != null && attribute(session, PENDING) instanceof PendingLogins pending
                ? pending : PendingLogins.empty();
    }

    private static Object attribute(HttpSession session, String name) {
        try {
            return session.getAttribute(name);
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /** Applies {@code change}: invalidate, change the id, store the user, store the pending sign-ins. */
    static void apply(SessionChange change, HttpServletRequest request) {
        if (!change.invalidate() && change.user() == null && change.pending() == null) {
            return;   // nothing to apply (most requests): not even the session lookup
        }
        HttpSession session = request.getSession(false);
        if (change.invalidate() && session != null) {
            session.invalidate();
            session = null;
        }
        boolean storePending = change.pending() != null && !(change.pending().isEmpty() && session == null);
        if (change.user() == null && !storePending) {
            return;
        }
        if (session == null) {
            session = request.getSession(true);
        } else if (change.rotateId()) {
            request.changeSessionId();
        }
        if (change.user() != null) {
            session.setAttribute(USER, change.user());
        }
        if (storePending) {
            if (change.pending().isEmpty()) {
                session.removeAttribute(PENDING);
            } else {
                session.setAttribute(PENDING, change.pending());
            }
        }
    }
}
