package dev.offlineaccess.logout;

/**
 * The {@link EndedSessions} registry could not be read or written (its database is down, a timeout). Nothing was
 * recorded by the failed call; retrying later may succeed. The message names the operation, never a value.
 */
public final class EndedSessionsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EndedSessionsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
