package dev.offlineaccess.login;

import dev.offlineaccess.session.UserSession;

import java.util.Objects;

/** How a callback from the provider ended. Either way the used {@code state} is gone from the pending sign-ins. */
public sealed interface CallbackResult {

    /** The sign-ins still pending, to store back in the session. */
    PendingLogins remaining();

    /**
     * The user is signed in.
     *
     * @param remaining       the sign-ins still pending
     * @param session         the new session
     * @param returnPath      where the user wanted to go, a local path
     * @param offlineNotSaved offline access was granted but could not be stored: the session is an ordinary one and
     *                        the user must be told
     */
    record SignedIn(PendingLogins remaining, UserSession session, String returnPath, boolean offlineNotSaved)
            implements CallbackResult {
        public SignedIn {
            Objects.requireNonNull(remaining, "remaining");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(returnPath, "returnPath");
        }
    }

    /**
     * The sign-in failed; nobody is signed in and nothing was stored.
     *
     * @param remaining the sign-ins still pending
     * @param error     why
     * @param retryPath the page to offer for a new attempt (the one originally asked for), or {@code null}
     */
    record Failed(PendingLogins remaining, LoginError error, String retryPath) implements CallbackResult {
        public Failed {
            Objects.requireNonNull(remaining, "remaining");
            Objects.requireNonNull(error, "error");
        }
    }
}
