package dev.offlineaccess.login;

import dev.offlineaccess.session.UserSession;

/**
 * What to do with the HTTP session after a request, applied in this order: invalidate it, change its id, store the
 * user, store the pending sign-ins. A {@code null} user or pending value means "leave as it is". Immutable.
 *
 * @param invalidate end the HTTP session (all its attributes go)
 * @param rotateId   give the session a new id (a sign-in, against session fixation)
 * @param user       the user to store, or {@code null}
 * @param pending    the pending sign-ins to store, or {@code null}
 */
public record SessionChange(boolean invalidate, boolean rotateId, UserSession user, PendingLogins pending) {
    public static final SessionChange NONE = new SessionChange(false, false, null, null);

    public static SessionChange pending(PendingLogins pending) {
        return new SessionChange(false, false, null, pending);
    }

    /**
     * A user signed in: a new session id; a whole new session when another user was signed in before, so that
     * nothing of theirs stays.
     */
    public static SessionChange signedIn(UserSession user, PendingLogins pending, boolean newSession) {
        return new SessionChange(newSession, !newSession, user, pending);
    }

    public static SessionChange updated(UserSession user) {
        return new SessionChange(false, false, user, null);
    }

    public static SessionChange ended() {
        return new SessionChange(true, false, null, null);
    }

    /** The session ended and a new sign-in starts in a fresh one. */
    public static SessionChange endedThen(PendingLogins pending) {
        return new SessionChange(true, false, null, pending);
    }

    /** This change, then {@code pending} stored as well. */
    SessionChange withPending(PendingLogins next) {
        return new SessionChange(invalidate, rotateId, user, next);
    }
}
