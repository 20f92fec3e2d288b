package dev.offlineaccess.tokens;

/** No offline grant is stored for the user: they never signed in with offline access, or it was forgotten. */
public final class NoOfflineGrantException extends OfflineTokenException {
    private static final long serialVersionUID = 1L;

    public NoOfflineGrantException(String user) {
        super(user, "No offline grant is stored for user '" + user + "'", null);
    }

    @Override
    public Action action() {
        return Action.ASK_USER_TO_SIGN_IN_AGAIN;
    }
}
