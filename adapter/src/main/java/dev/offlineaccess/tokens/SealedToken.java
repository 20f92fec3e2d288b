package dev.offlineaccess.tokens;

import java.util.Objects;

/**
 * A token encrypted at rest: which key sealed it and the ciphertext (base64 of nonce + AES-GCM output). Safe to
 * store and to print.
 *
 * @param keyId      id of the key that sealed it
 * @param ciphertext base64 ciphertext
 */
public record SealedToken(String keyId, String ciphertext) {
    public SealedToken {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public String toString() {
        return "SealedToken[keyId=" + keyId + "]";
    }
}
