package dev.offlineaccess.session;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A token as a session keeps it in memory. A JWT in compact serialization (three base64url segments, as Keycloak's
 * ID, access and refresh tokens are) is kept as the bytes its segments encode: a quarter smaller than the text. It
 * is kept so only when encoding those bytes again gives back exactly the token received (unpadded, canonical
 * base64url), which is checked when it is made; any other token, and any JWT that does not round-trip, is kept as
 * its text.
 *
 * <p>{@link #text()} rebuilds the token on each call (about a microsecond per kilobyte): call it when the token is
 * to be sent, not on every request. {@link #payloadJson()} reads a JWT's claims without rebuilding the text.
 * Immutable and thread-safe; {@link #toString()} never shows the token. {@code null} is never accepted or returned,
 * except by {@link #payloadJson()}.
 */
final class CompactToken {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte TEXT = 0;
    private static final byte JWT = 1;

    /** A JWT's decoded header, payload and signature one after the other; otherwise the token's UTF-8 text. */
    private final byte[] bytes;
    /** The decoded header's length, or {@code -1} for a token kept as text. */
    private final int headerLength;
    /** The decoded payload's length (0 for a token kept as text). */
    private final int payloadLength;

    private CompactToken(byte[] bytes, int headerLength, int payloadLength) {
        this.bytes = bytes;
        this.headerLength = headerLength;
        this.payloadLength = payloadLength;
    }

    /** The token, kept as decoded bytes when it is a JWT whose segments round-trip exactly, else as its text. */
    static CompactToken of(String token) {
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            return text(token);
        }
        try {
            byte[] header = DECODER.decode(token.substring(0, firstDot));
            byte[] payload = DECODER.decode(token.substring(firstDot + 1, secondDot));
            byte[] signature = DECODER.decode(token.substring(secondDot + 1));
            byte[] all = Arrays.copyOf(header, header.length + payload.length + signature.length);
            System.arraycopy(payload, 0, all, header.length, payload.length);
            System.arraycopy(signature, 0, all, header.length + payload.length, signature.length);
            CompactToken compact = new CompactToken(all, header.length, payload.length);
            return compact.text().equals(token) ? compact : text(token);
        } catch (IllegalArgumentException notBase64url) {
            return text(token);
        }
    }

    private static CompactToken text(String token) {
        return new CompactToken(token.getBytes(StandardCharsets.UTF_8), -1, 0);
    }

    /** The token exactly as it was received. */
    String text() {
        if (headerLength < 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        int signatureLength = bytes.length - headerLength - payloadLength;
        byte[] text = new byte[encodedLength(headerLength) + encodedLength(payloadLength)
                + encodedLength(signatureLength) + 2];
        int at = encode(0, headerLength, text, 0);
        text[at++] = '.';
        at = encode(headerLength, payloadLength, text, at);
        text[at++] = '.';
        encode(headerLength + payloadLength, signatureLength, text, at);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** A JWT's payload (its claims' JSON), decoded; {@code null} for a token kept as text. */
    String payloadJson() {
        return headerLength < 0 ? null : new String(bytes, headerLength, payloadLength, StandardCharsets.UTF_8);
    }

    /** Whether this token is kept as decoded bytes rather than as its text. */
    boolean isCompact() {
        return headerLength >= 0;
    }

    private int encode(int offset, int length, byte[] into, int at) {
        ByteBuffer encoded = ENCODER.encode(ByteBuffer.wrap(bytes, offset, length));
        int size = encoded.remaining();
        encoded.get(into, at, size);
        return at + size;
    }

    private static int encodedLength(int decodedLength) {
        return (decodedLength * 4 + 2) / 3;
    }

    /** Writes this token for {@link #readFrom}: a kind byte, then the text or the decoded segments. */
    void writeTo(DataOutput out) throws IOException {
        out.writeByte(headerLength < 0 ? TEXT : JWT);
        if (headerLength >= 0) {
            out.writeInt(headerLength);
            out.writeInt(payloadLength);
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Reads a token {@link #writeTo} wrote. A JWT read back is the one that was written (its bytes always encode
     * canonically); lengths that do not fit are refused.
     *
     * @param maxLength the most bytes accepted
     */
    static CompactToken readFrom(DataInput in, int maxLength) throws IOException {
        byte kind = in.readByte();
        if (kind != TEXT && kind != JWT) {
            throw new InvalidObjectException("unknown kind of token: " + kind);
        }
        int header = kind == JWT ? in.readInt() : -1;
        int payload = kind == JWT ? in.readInt() : 0;
        int length = in.readInt();
        if (length < 0 || length > maxLength || (kind == JWT
                && (header < 0 || payload < 0 || (long) header + payload > length))) {
            throw new InvalidObjectException("implausible token lengths: " + header + ", " + payload + ", " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new CompactToken(bytes, header, payload);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CompactToken that && headerLength == that.headerLength
                && payloadLength == that.payloadLength && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + headerLength;
    }

    @Override
    public String toString() {
        return "CompactToken[" + (headerLength < 0 ? "text" : "jwt") + ", " + bytes.length + " bytes]";
    }
}
