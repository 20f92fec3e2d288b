package dev.offlineaccess.tokens;

import java.util.Objects;

/**
 * A sealed token could not be opened: the key that sealed it is not configured any more, or the ciphertext does
 * not belong to this grant (moved to another row, altered, or sealed by a different key with the same id). No
 * retry helps; an operator must restore the key (see {@code OFFLINE_TOKEN_KEY}) or the user must sign in again.
 *
 * <p>Immutable. The message names the key id and the reason, never a token or key value.
 */
public final class SealedTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String keyId;
    private final Reason reason;

    public SealedTokenException(String keyId, Reason reason) {
        super(message(keyId, reason));
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The id of the key the token names. */
    public String keyId() {
        return keyId;
    }

    public Reason reason() {
        return reason;
    }

    private static String message(String keyId, Reason reason) {
        return switch (reason) {
            case UNKNOWN_KEY -> "A stored token was sealed with key '" + keyId
                    + "', which is not configured; add it back to OFFLINE_TOKEN_KEY (as an older key)";
            case NOT_AUTHENTIC -> "A stored token sealed with key '" + keyId
                    + "' failed authentication: it belongs to another grant, was altered, or the key changed";
        };
    }

    /** Why the token could not be opened. */
    public enum Reason {
        /** No configured key has this id. */
        UNKNOWN_KEY,
        /** The AES-GCM tag did not verify for this grant. */
        NOT_AUTHENTIC
    }
}
