package dev.offlineaccess.provider;

import java.util.Objects;

/**
 * A JWT access token presented as {@code Authorization: Bearer} failed local verification. Carries what an RFC 6750
 * {@code WWW-Authenticate} challenge needs: {@link #error()} (always {@code invalid_token}) and a short
 * {@link #errorDescription()} safe to send to the client (it names the failed check, never a token or claim value).
 */
public final class InvalidAccessTokenException extends Exception {
    private static final long serialVersionUID = 1L;
    /** The RFC 6750 error code for every failure here. */
    public static final String INVALID_TOKEN = "invalid_token";
    private final Reason reason;
    private final String errorDescription;

    public InvalidAccessTokenException(Reason reason, String errorDescription) {
        super("Access token rejected (" + reason + "): " + errorDescription);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.errorDescription = Objects.requireNonNull(errorDescription, "errorDescription");
    }

    public Reason reason() {
        return reason;
    }

    /** The RFC 6750 {@code error}: {@code invalid_token}. */
    public String error() {
        return INVALID_TOKEN;
    }

    /** The RFC 6750 {@code error_description}, safe to return to the caller. */
    public String errorDescription() {
        return errorDescription;
    }

    /** Which check failed. */
    public enum Reason {
        /** Not a parsable JWS, or {@code exp} missing. */
        MALFORMED,
        /** The header's {@code alg} is not an allowed asymmetric algorithm. */
        ALG_NOT_ALLOWED,
        /** No key of the provider's JWKS matches, even after a re-fetch. */
        UNKNOWN_KEY,
        /** The signature does not verify. */
        BAD_SIGNATURE,
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER,
        /** The expected audience is neither in {@code aud} nor the {@code azp}. */
        WRONG_AUDIENCE,
        /** {@code exp} is in the past beyond the clock skew. */
        EXPIRED,
        /** {@code nbf} is in the future beyond the clock skew. */
        NOT_YET_VALID,
        /** A Keycloak ID or refresh token ({@code typ} claim other than {@code Bearer}) presented as access token. */
        NOT_AN_ACCESS_TOKEN
    }
}
