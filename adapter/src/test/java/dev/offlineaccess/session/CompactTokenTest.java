package dev.offlineaccess.session;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactTokenTest {
    private static final String HEADER = b64("{\"alg\":\"RS256\",\"typ\" : \"JWT\",\"kid\" : \"k-1\"}");
    private static final String PAYLOAD_JSON = "{\"sub\":\"sub-alice\",\"sid\":\"sid-1\",\"name\":\"Zoë\"}";
    private static final String JWT = HEADER + "." + b64(PAYLOAD_JSON) + "." + signature(256);

    @Test
    void jwtIsKeptAsItsDecodedBytesAndGivesBackTheExactText() {
        CompactToken token = CompactToken.of(JWT);
        assertTrue(token.isCompact());
        assertEquals(JWT, token.text());
        assertEquals(PAYLOAD_JSON, token.payloadJson());
    }

    @Test
    void jwtOfEverySegmentLengthRoundTrips() {
        for (int length = 0; length < 12; length++) {
            String jwt = HEADER + "." + b64("x".repeat(length)) + "." + signature(length);
            CompactToken token = CompactToken.of(jwt);
            assertTrue(token.isCompact(), jwt);
            assertEquals(jwt, token.text());
        }
    }

    @Test
    void unsecuredJwtWithAnEmptySignatureIsKeptCompact() {
        String jwt = b64("{\"alg\":\"none\"}") + "." + b64(PAYLOAD_JSON) + ".";
        CompactToken token = CompactToken.of(jwt);
        assertTrue(token.isCompact());
        assertEquals(jwt, token.text());
    }

    @Test
    void jwtWithPaddedSegmentIsKeptAsItsText() {
        String padded = HEADER + "." + Base64.getUrlEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8))
                + "." + signature(64);
        assertTrue(padded.contains("="), "the fixture has padding");
        CompactToken token = CompactToken.of(padded);
        assertFalse(token.isCompact());
        assertEquals(padded, token.text());
        assertNull(token.payloadJson());
    }

    @Test
    void jwtWhoseLastCharacterCarriesNonZeroUnusedBitsIsKeptAsItsText() {
        String canonical = HEADER + "." + b64("{\"a\":1}") + "." + signature(64);   // 86 characters
        char last = canonical.charAt(canonical.length() - 1);   // A, Q, g or w: its 4 unused bits are zero
        String nonCanonical = canonical.substring(0, canonical.length() - 1) + (char) (last + 1);
        CompactToken token = CompactToken.of(nonCanonical);
        assertEquals(nonCanonical, token.text());
        assertFalse(token.isCompact());
    }

    @Test
    void standardBase64InsteadOfBase64urlIsKeptAsItsText() {
        String jwt = HEADER + "." + b64(PAYLOAD_JSON) + ".ab+/cd";
        CompactToken token = CompactToken.of(jwt);
        assertFalse(token.isCompact());
        assertEquals(jwt, token.text());
    }

    @Test
    void opaqueTokensAndOtherShapesAreKeptAsTheyAre() {
        for (String opaque : new String[]{"8f3a1c2b-opaque", "", "a.b", "a.b.c.d", "a.b.c.d.e", "..", "x..y",
                "not base64.at all.!"}) {
            CompactToken token = CompactToken.of(opaque);
            assertEquals(opaque, token.text());
            if (opaque.chars().filter(c -> c == '.').count() != 2) {
                assertFalse(token.isCompact(), opaque);
            }
        }
    }

    @Test
    void equalTokensAreEqualAndDifferentOnesAreNot() {
        assertEquals(CompactToken.of(JWT), CompactToken.of(JWT));
        assertEquals(CompactToken.of(JWT).hashCode(), CompactToken.of(JWT).hashCode());
        assertEquals(CompactToken.of("opaque"), CompactToken.of("opaque"));
        assertNotEquals(CompactToken.of(JWT), CompactToken.of(JWT + "x"));
        assertNotEquals(CompactToken.of("opaque"), CompactToken.of("opaqu3"));
    }

    @Test
    void toStringShowsNoPartOfTheToken() {
        for (String value : new String[]{JWT, "opaque-secret-value"}) {
            String text = CompactToken.of(value).toString();
            assertFalse(text.contains(value.substring(0, 8)), text);
            assertFalse(text.contains("sub-alice"), text);
        }
    }

    @Test
    void writtenTokenReadsBackEqual() throws IOException {
        for (String value : new String[]{JWT, "opaque-value", HEADER + ".e30=." + signature(3)}) {
            CompactToken token = CompactToken.of(value);
            CompactToken read = CompactToken.readFrom(input(write(token)), 1 << 20);
            assertEquals(token, read);
            assertEquals(value, read.text());
        }
    }

    @Test
    void writtenJwtIsAQuarterSmallerThanItsText() throws IOException {
        assertTrue(write(CompactToken.of(JWT)).length < JWT.length() * 3 / 4 + 16);
    }

    @Test
    void readingRefusesImplausibleLengthsAndUnknownKinds() throws IOException {
        byte[] written = write(CompactToken.of(JWT));
        assertThrows(InvalidObjectException.class, () -> CompactToken.readFrom(input(written), 10));
        byte[] unknownKind = written.clone();
        unknownKind[0] = 7;
        assertThrows(InvalidObjectException.class, () -> CompactToken.readFrom(input(unknownKind), 1 << 20));
        byte[] headerTooLong = written.clone();
        headerTooLong[1] = 0x7f;   // the header length's high byte
        assertThrows(InvalidObjectException.class, () -> CompactToken.readFrom(input(headerTooLong), 1 << 20));
    }

    private static byte[] write(CompactToken token) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            token.writeTo(out);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    private static String signature(int bytes) {
        byte[] random = new byte[bytes];
        new Random(bytes).nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
