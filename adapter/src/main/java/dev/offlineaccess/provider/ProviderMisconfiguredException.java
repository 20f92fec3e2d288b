package dev.offlineaccess.provider;

import java.util.Objects;

/**
 * The provider answered, but what it said cannot work with this configuration: the discovered {@code issuer} is
 * not exactly the configured one, or an endpoint an operation needs is not offered. Nothing a retry by the caller
 * can fix; an operator must fix the configuration (or the provider's host name settings).
 *
 * <p>Unchecked, like {@link dev.offlineaccess.config.ConfigurationException}: every call that needs discovery may
 * throw it, and {@link TokenEndpoint} keeps its shape. The discovery source still retries after its backoff, so
 * a fix at the provider is picked up without a restart. The message contains issuer and endpoint names only.
 */
public final class ProviderMisconfiguredException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    public ProviderMisconfiguredException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }

    /** What is wrong. */
    public enum Problem {
        /** The discovery document's {@code issuer} differs from the configured issuer (compared as strings). */
        ISSUER_MISMATCH,
        /** The provider does not list an endpoint the operation needs (introspection, userinfo, revocation). */
        ENDPOINT_NOT_OFFERED
    }
}
