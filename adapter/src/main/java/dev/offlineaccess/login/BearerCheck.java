package dev.offlineaccess.login;

import dev.offlineaccess.session.OidcIdentity;

import java.time.Duration;
import java.util.Objects;

/**
 * Authenticates API requests by their {@code Authorization: Bearer} token. Implemented by the bearer feature;
 * thread-safe.
 */
@FunctionalInterface
public interface BearerCheck {

    /**
     * @param authorization the request's {@code Authorization} header, or {@code null}
     */
    Result check(String authorization);

    /** The outcome of a bearer check. */
    sealed interface Result {
    }

    /**
     * The token is valid.
     *
     * @param identity who the token is for
     */
    record Authenticated(OidcIdentity identity) implements Result {
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /**
     * The token is missing or invalid, or cannot be checked now.
     *
     * @param status          400, 401, 403, or 503 when the provider cannot be asked
     * @param wwwAuthenticate the RFC 6750 challenge, e.g. {@code Bearer realm="x", error="invalid_token"}
     * @param error           the RFC 6750 error code, or {@code null} when no token was sent
     * @param description     a description safe to return to the client, or {@code null}
     * @param retryAfter      for a 503, when to try again; else {@code null}
     */
    record Rejected(int status, String wwwAuthenticate, String error, String description, Duration retryAfter)
            implements Result {
        public Rejected {
            Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
        }
    }
}
