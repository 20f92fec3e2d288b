package dev.offlineaccess.tokens;

/** The provider could not be reached or answered 5xx or garbage. The stored token is untouched; retry later. */
public final class ProviderTemporarilyUnavailableException extends OfflineTokenException {
    private static final long serialVersionUID = 1L;

    public ProviderTemporarilyUnavailableException(String user, String message, Throwable cause) {
        super(user, message, cause);
    }

    @Override
    public Action action() {
        return Action.RETRY_LATER;
    }
}
