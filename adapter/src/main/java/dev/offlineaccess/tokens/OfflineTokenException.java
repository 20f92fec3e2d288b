package dev.offlineaccess.tokens;

/**
 * Why a background task could not get an access token for a user, and what to do about it. Subtypes carry the
 * data; messages never contain a token.
 */
public abstract sealed class OfflineTokenException extends RuntimeException
        permits NoOfflineGrantException, OfflineGrantRevokedException, ProviderTemporarilyUnavailableException,
        TokenStoreUnavailableException, ClientMisconfiguredException {
    private static final long serialVersionUID = 1L;
    private final String user;

    OfflineTokenException(String user, String message, Throwable cause) {
        super(message, cause);
        this.user = user;
    }

    /** The user (principal name or subject) the call was for. */
    public String user() {
        return user;
    }

    /** What the caller should do. */
    public abstract Action action();

    /** Whether the same call may succeed later without anyone doing anything. */
    public boolean isRetryable() {
        return action() == Action.RETRY_LATER;
    }

    /** The action a failure calls for. */
    public enum Action {
        /** The user must sign in again with offline access; the stored grant (if any) is unusable. */
        ASK_USER_TO_SIGN_IN_AGAIN,
        /** Transient: try again later; the stored token is untouched. */
        RETRY_LATER,
        /** An operator must fix the client's configuration (credentials, client id); the stored token is untouched. */
        FIX_CONFIGURATION
    }
}
