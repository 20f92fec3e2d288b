package dev.offlineaccess.logout;

import java.util.Objects;

/**
 * A back-channel {@code logout_token} failed verification. The {@link #reason()} says which check; the message is
 * safe to log and to send back to the provider: it never contains the token or a claim value.
 *
 * <p>Immutable and thread-safe.
 */
public final class InvalidLogoutTokenException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public InvalidLogoutTokenException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** Which check failed, in the order {@link LogoutTokenVerifier} runs them. */
    public enum Reason {
        /** Not a parsable JWT, its payload is not a JSON object, or a claim has the wrong type or length. */
        MALFORMED,
        /** {@code alg} is not allowed: {@code none} never is, nor an encrypted token. */
        ALG_NOT_ALLOWED,
        /** No key of the provider matches the header's {@code kid} and {@code alg}. */
        UNKNOWN_KEY,
        /** The signature does not verify. */
        BAD_SIGNATURE,
        /** The header's {@code typ} is present and neither {@code logout+jwt} nor {@code JWT}. */
        WRONG_TYPE,
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER,
        /** {@code aud} does not contain the client id. */
        WRONG_AUDIENCE,
        /** No {@code iat}. */
        MISSING_IAT,
        /** {@code iat} lies in the future beyond the clock skew. */
        ISSUED_IN_FUTURE,
        /** {@code iat} lies further back than the maximum token age plus the clock skew. */
        TOO_OLD,
        /** {@code exp} is present and lies in the past beyond the clock skew. */
        EXPIRED,
        /** No {@code events} object with the member {@code http://schemas.openid.net/event/backchannel-logout}. */
        MISSING_EVENT,
        /** The back-channel logout member of {@code events} is not a JSON object. */
        EVENT_NOT_OBJECT,
        /** A {@code nonce} claim is present (forbidden: it is how an ID token is told from a logout token). */
        NONCE_PRESENT,
        /** No {@code jti}. */
        MISSING_JTI,
        /** Neither {@code sub} nor {@code sid}. */
        MISSING_SUBJECT_AND_SID,
        /** This {@code jti} was accepted before, on this node or on another sharing the registry. */
        REPLAYED
    }
}
