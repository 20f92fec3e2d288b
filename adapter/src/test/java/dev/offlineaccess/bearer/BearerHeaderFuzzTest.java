package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.offlineaccess.bearer.BearerResult.Challenge;
import dev.offlineaccess.testing.TestClock;

/**
 * Thousands of hostile {@code Authorization} values: none may throw, all must be challenges, and no challenge may
 * repeat what the client sent. Seeded, so a failure is reproducible.
 */
class BearerHeaderFuzzTest {
    private static final long SEED = 0x0A11_BEA2L;
    private static final String VALID = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final String ALPHABET = "Bb eEaArR=.,;:\"\\/+-_~ \t\r\n\u0000\u007f\u00e9\u2028\ud800\udc00=%";

    private final StubVerifier verifier = new StubVerifier();
    private final BearerAuthenticator authenticator = new BearerAuthenticator(
            new BearerPolicy("api", "client", "client", "sub", List.of("roles"), Set.of(), Duration.ofSeconds(30),
                    100, 100, Duration.ofSeconds(5)),
            verifier, new TestClock(Instant.parse("2026-11-23T10:00:00Z")));

    @Test
    void randomAndMutatedHeadersNeverThrowAndAlwaysChallenge() {
        Random random = new Random(SEED);
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            headers.add(mutate(VALID, random));
        }
        for (int i = 0; i < 1500; i++) {
            headers.add(randomString(random, random.nextInt(120)));
        }
        for (int i = 0; i < 200; i++) {
            headers.add("Bearer " + randomString(random, random.nextInt(40_000)));
        }
        headers.addAll(List.of("Bearer " + "A".repeat(BearerHeader.MAX_LENGTH), ",".repeat(10_000),
                "Bearer " + "=".repeat(100), "bearer\u0000 abc", "Bearer \ud800", "Bearer a".repeat(3000)));

        int tokensChecked = 0;
        for (String header : headers) {
            BearerResult result = authenticator.authenticate(header);
            Challenge challenge = assertInstanceOf(Challenge.class, result, () -> describe(header));
            assertTrue(Set.of(400, 401).contains(challenge.httpStatus()), () -> describe(header));
            assertNoEcho(header, challenge);
            assertTrue(challenge.wwwAuthenticate().chars().allMatch(c -> c >= 0x20 && c <= 0x7e),
                    () -> "non-ASCII or control character in the challenge for " + describe(header));
            tokensChecked = verifier.jwtCalls.size() + verifier.introspectionCalls.size();
        }
        assertTrue(tokensChecked > 50, "some mutations stay well-formed and reach the verifier: " + tokensChecked);
        assertTrue(headers.size() >= 3000);
    }

    @Test
    void listOfRandomHeadersNeverThrows() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 500; i++) {
            List<String> values = new ArrayList<>();
            for (int n = random.nextInt(4); n > 0; n--) {
                values.add(random.nextBoolean() ? mutate(VALID, random) : null);
            }
            BearerResult result = authenticator.authenticate(values);
            Challenge challenge = assertInstanceOf(Challenge.class, result);
            if (values.size() > 1) {
                assertEquals(400, challenge.httpStatus());
            }
        }
    }

    private static void assertNoEcho(String header, Challenge challenge) {
        int space = header.indexOf(' ');
        String credential = space < 0 ? header : header.substring(space + 1);
        if (credential.length() >= 12) {
            String probe = credential.substring(0, 12);
            assertFalse(challenge.wwwAuthenticate().contains(probe),
                    () -> "challenge echoes the credential: " + describe(header));
        }
    }

    private static String mutate(String base, Random random) {
        StringBuilder out = new StringBuilder(base);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(out.length() + 1);
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, c);
                case 1 -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < out.length()) {
                        out.setCharAt(at, c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String randomString(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000)
                    : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String describe(String header) {
        return "header of " + header.length() + " chars starting "
                + header.substring(0, Math.min(40, header.length())).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
