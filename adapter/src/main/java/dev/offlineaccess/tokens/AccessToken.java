package dev.offlineaccess.tokens;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A fresh access token for calling an API on a user's behalf. Immutable; {@link #toString()} never shows the value.
 *
 * @param value     the token, for an {@code Authorization: Bearer} header
 * @param expiresAt when the provider said it expires
 * @param scopes    the scopes it carries
 */
public record AccessToken(String value, Instant expiresAt, Set<String> scopes) {
    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
    }

    /** The value of an {@code Authorization} header: {@code Bearer <token>}. */
    public String authorizationHeader() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
