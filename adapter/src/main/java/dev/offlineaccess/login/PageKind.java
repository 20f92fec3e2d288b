package dev.offlineaccess.login;

/** The adapter's own pages. */
public enum PageKind {
    /** A sign-in failed, or a session cannot be renewed now; the page explains the {@link LoginError}. */
    LOGIN_FAILED,
    /** "Do you want to sign out?" with a form that posts the CSRF token. */
    LOGOUT_CONFIRM,
    /** A logout POST without the right CSRF token. */
    LOGOUT_REJECTED,
    /** Nobody is signed in (any more). */
    SIGNED_OUT,
    /** Signed out here, but the provider could not be reached to end its session too. */
    SIGNED_OUT_LOCALLY,
    /** Signed in, but the offline grant could not be saved (the token store is down): continue without it. */
    OFFLINE_NOT_SAVED
}
