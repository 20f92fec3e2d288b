package dev.offlineaccess.provider;

import java.util.Objects;

/**
 * The provider answered with an OAuth error: the request was understood and refused. Retrying the same request
 * will not help.
 */
public final class ProviderRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ProviderError error;

    public ProviderRejectedException(String operation, ProviderError error) {
        super(operation + " refused by the provider: " + error);
        this.error = Objects.requireNonNull(error, "error");
    }

    public ProviderError error() {
        return error;
    }
}
