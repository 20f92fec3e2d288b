package dev.offlineaccess.bearer;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link BearerAuthenticator#authenticate(String)} decided about one request: either the caller is
 * {@link Authenticated}, or the response is a {@link Challenge}. Immutable and thread-safe; no component is
 * {@code null} unless stated. Neither variant holds the token, and {@link #toString()} shows no claim values.
 */
public sealed interface BearerResult permits BearerResult.Authenticated, BearerResult.Challenge {

    /**
     * The token is valid for this resource server.
     *
     * @param principal the value of the configured principal claim ({@code LoginSettings.principalClaim})
     * @param roles     the string values found at the configured role-claim paths, possibly empty
     * @param scopes    the token's {@code scope}, split on spaces, possibly empty
     * @param claims    every claim of the JWT or every member of the introspection answer, deep-immutable
     */
    record Authenticated(String principal, Set<String> roles, Set<String> scopes, Map<String, Object> claims)
            implements BearerResult {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
            roles = Set.copyOf(roles);
            scopes = Set.copyOf(scopes);
            claims = ClaimPaths.freeze(claims);
        }

        /** One top-level claim, if present and not JSON {@code null}. */
        public Optional<Object> claim(String name) {
            return Optional.ofNullable(claims.get(name));
        }

        @Override
        public String toString() {
            return "Authenticated[principal=" + principal + ", roles=" + roles + ", scopes=" + scopes
                    + ", claims=" + claims.keySet() + "]";
        }
    }

    /**
     * The request is refused. The filter sends {@link #httpStatus()} with a {@code WWW-Authenticate} header whose
     * value is {@link #wwwAuthenticate()}, and a {@code Retry-After} header when {@link #retryAfter()} is present.
     *
     * @param httpStatus      400 ({@code invalid_request}, RFC 6750 section 3.1), 401 (no or invalid token), 403
     *                        ({@code insufficient_scope}) or 503 (the provider could not be asked)
     * @param error           the RFC 6750 error code, or {@code null} when the request carried no bearer token at
     *                        all or the provider was unavailable
     * @param wwwAuthenticate the complete header value, e.g.
     *                        {@code Bearer realm="api", error="invalid_token", error_description="..."}
     * @param retryAfterHint  for 503 only: when a retry may succeed; {@code null} otherwise
     */
    record Challenge(int httpStatus, String error, String wwwAuthenticate, Duration retryAfterHint)
            implements BearerResult {
        public Challenge {
            if (httpStatus != 400 && httpStatus != 401 && httpStatus != 403 && httpStatus != 503) {
                throw new IllegalArgumentException("not a bearer challenge status: " + httpStatus);
            }
            Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
            if ((retryAfterHint != null) != (httpStatus == 503)) {
                throw new IllegalArgumentException("a retry hint belongs to 503, and only to 503");
            }
        }

        /** The RFC 6750 error code, if the challenge carries one. */
        public Optional<String> errorCode() {
            return Optional.ofNullable(error);
        }

        /** When a retry may succeed; present exactly for status 503. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfterHint);
        }
    }
}
