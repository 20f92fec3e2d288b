package dev.offlineaccess.tokens;

/**
 * The provider no longer honours the stored grant (revoked, expired, user disabled, consent withdrawn) or it was
 * revoked here. The row is kept, marked revoked with this reason.
 */
public final class OfflineGrantRevokedException extends OfflineTokenException {
    private static final long serialVersionUID = 1L;
    private final String error;
    private final String errorDescription;

    public OfflineGrantRevokedException(String user, String error, String errorDescription) {
        super(user, "The offline grant of user '" + user + "' is revoked: " + error
                + (errorDescription == null ? "" : " (" + errorDescription + ")"), null);
        this.error = error;
        this.errorDescription = errorDescription;
    }

    /** The provider's {@code error}, e.g. {@code invalid_grant}, or {@code revoked_by_application}. */
    public String error() {
        return error;
    }

    /** The provider's {@code error_description}, e.g. {@code Offline user session not found}; may be {@code null}. */
    public String errorDescription() {
        return errorDescription;
    }

    @Override
    public Action action() {
        return Action.ASK_USER_TO_SIGN_IN_AGAIN;
    }
}
