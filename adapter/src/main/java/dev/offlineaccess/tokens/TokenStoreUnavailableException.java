package dev.offlineaccess.tokens;

/** The token database could not be read or written. Nothing stored was lost; retry later. */
public final class TokenStoreUnavailableException extends OfflineTokenException {
    private static final long serialVersionUID = 1L;

    public TokenStoreUnavailableException(String user, String message, Throwable cause) {
        super(user, message, cause);
    }

    @Override
    public Action action() {
        return Action.RETRY_LATER;
    }
}
