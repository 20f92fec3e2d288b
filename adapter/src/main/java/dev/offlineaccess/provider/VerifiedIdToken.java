package dev.offlineaccess.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ID token whose signature and claims were verified by {@link OidcProvider#verifyIdToken}. Immutable and
 * thread-safe; {@link #claims()} is a deep-immutable copy of the payload. {@link #toString()} shows neither the raw
 * token nor claim values.
 *
 * @param subject   {@code sub}, never {@code null}
 * @param issuer    {@code iss}, never {@code null}
 * @param sid       {@code sid} (the provider's session id, for back-channel logout), or {@code null}
 * @param expiresAt {@code exp}, never {@code null}
 * @param issuedAt  {@code iat}, never {@code null}
 * @param claims    every claim of the payload, never {@code null}
 * @param rawToken  the compact JWT, only to send back as {@code id_token_hint} at logout; never {@code null}
 */
public record VerifiedIdToken(String subject, String issuer, String sid, Instant expiresAt, Instant issuedAt,
                              Map<String, Object> claims, String rawToken) {
    public VerifiedIdToken {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(rawToken, "rawToken");
        claims = Claims.freeze(claims);
    }

    /** A claim's value (a String, Number, Boolean, immutable List or Map), or empty. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /** A string claim, or empty when absent or not a string. */
    public Optional<String> stringClaim(String name) {
        return Optional.ofNullable(Claims.string(claims, name));
    }

    /** {@code aud} as a list (one element when it was a string). */
    public List<String> audience() {
        return Claims.stringList(claims, "aud");
    }

    public Optional<String> sessionId() {
        return Optional.ofNullable(sid);
    }

    @Override
    public String toString() {
        return "VerifiedIdToken[issuer=" + issuer + ", sid=" + (sid == null ? "none" : "present") + ", expiresAt="
                + expiresAt + ", claims=" + claims.keySet() + "]";
    }
}
