package dev.offlineaccess.logout;

/**
 * An {@link OfflineGrantRevoker} could not mark the stored offline grant revoked (the token store is down). The
 * back-channel logout then answers that it failed. The message names the problem, never a token.
 */
public final class OfflineGrantRevocationException extends Exception {
    private static final long serialVersionUID = 1L;

    public OfflineGrantRevocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
