package dev.offlineaccess.tokens;

/**
 * The provider refused the client itself ({@code invalid_client}, {@code unauthorized_client}): wrong secret or
 * client id. The stored token is untouched; an operator must fix the configuration.
 */
public final class ClientMisconfiguredException extends OfflineTokenException {
    private static final long serialVersionUID = 1L;
    private final String error;
    private final String errorDescription;

    public ClientMisconfiguredException(String user, String error, String errorDescription) {
        super(user, "The provider refused this client while refreshing for user '" + user + "': " + error
                + (errorDescription == null ? "" : " (" + errorDescription + ")"), null);
        this.error = error;
        this.errorDescription = errorDescription;
    }

    public String error() {
        return error;
    }

    public String errorDescription() {
        return errorDescription;
    }

    @Override
    public Action action() {
        return Action.FIX_CONFIGURATION;
    }
}
