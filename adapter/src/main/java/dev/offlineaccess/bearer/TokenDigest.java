package dev.offlineaccess.bearer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a token's UTF-8 bytes, as four longs (big-endian): the key of the bearer caches, which therefore
 * never hold a token. A second-preimage of SHA-256 would be needed to be served another token's cached answer.
 *
 * <p>Immutable; {@link #toString()} shows nothing of the digest. {@link #of(String)} keeps one {@link MessageDigest}
 * per thread, so it allocates only the token's bytes and the digest.
 */
record TokenDigest(long first, long second, long third, long fourth) {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(TokenDigest::newSha256);

    /** The digest of {@code token}, which must not be {@code null}. */
    static TokenDigest of(String token) {
        MessageDigest sha256 = SHA_256.get();
        byte[] digest = sha256.digest(token.getBytes(StandardCharsets.UTF_8));   // digest() also resets it
        return new TokenDigest((long) LONGS.get(digest, 0), (long) LONGS.get(digest, 8),
                (long) LONGS.get(digest, 16), (long) LONGS.get(digest, 24));
    }

    @Override
    public int hashCode() {
        return Long.hashCode(first);   // SHA-256 bits are uniform: one long spreads as well as four
    }

    @Override
    public String toString() {
        return "TokenDigest[SHA-256]";
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
