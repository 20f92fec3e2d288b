package dev.offlineaccess.provider;

import java.util.Objects;

/**
 * An ID token failed verification. The message says which check failed and never contains the token or a claim
 * value that could identify the user's session (nonces, codes).
 */
public final class InvalidIdTokenException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public InvalidIdTokenException(Reason reason, String message) {
        super("ID token rejected (" + reason + "): " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** Which check failed. */
    public enum Reason {
        /** Not a parsable JWS, or a required claim ({@code sub}, {@code exp}, {@code iat}, {@code aud}) is missing. */
        MALFORMED,
        /** The header's {@code alg} is not in the allow-list ({@code none} never is; JWE is not supported). */
        ALG_NOT_ALLOWED,
        /** No key of the provider's JWKS matches the header's {@code kid}, even after a re-fetch. */
        UNKNOWN_KEY,
        /** The signature does not verify. */
        BAD_SIGNATURE,
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER,
        /** {@code aud} does not contain the client id. */
        WRONG_AUDIENCE,
        /** {@code azp} is not the client id, or is missing while there are several audiences. */
        AZP_MISSING_OR_WRONG,
        /** {@code exp} is in the past beyond the clock skew. */
        EXPIRED,
        /** {@code iat} is in the future beyond the clock skew. */
        ISSUED_IN_FUTURE,
        /** {@code nonce} is missing or differs from the one sent with the authorization request. */
        NONCE_MISMATCH,
        /** A refreshed ID token names another {@code sub} than the original. */
        SUBJECT_MISMATCH
    }
}
