package dev.offlineaccess.provider;

/**
 * The provider could not be asked or gave no usable answer: connection refused, timeout, HTTP 5xx, a body that
 * is not the expected JSON, discovery not (yet) possible. Retrying later may help; nothing was decided.
 */
public final class ProviderUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
