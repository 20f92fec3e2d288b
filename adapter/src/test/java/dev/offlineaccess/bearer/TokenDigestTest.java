package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TokenDigestTest {

    @Test
    void ofWhenTokenGivenThenItsSha256() {
        // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad (FIPS 180-2)
        assertEquals(new TokenDigest(0xba7816bf8f01cfeaL, 0x414140de5dae2223L, 0xb00361a396177a9cL,
                0xb410ff61f20015adL), TokenDigest.of("abc"));
    }

    @Test
    void ofWhenOneCharacterDiffersThenAnotherDigest() {
        assertEquals(TokenDigest.of("2YotnFZFEjr1zCsicMWpAA"), TokenDigest.of("2YotnFZFEjr1zCsicMWpAA"));
        assertNotEquals(TokenDigest.of("2YotnFZFEjr1zCsicMWpAA"), TokenDigest.of("2YotnFZFEjr1zCsicMWpAB"));
    }

    @Test
    void ofWhenCalledFromManyThreadsThenEachDigestIsRight() {
        Set<TokenDigest> expected = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200).forEach(i -> expected.add(TokenDigest.of("token-" + i)));

        Set<TokenDigest> parallel = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200).parallel().forEach(i -> {
            for (int round = 0; round < 50; round++) {
                parallel.add(TokenDigest.of("token-" + i));
            }
        });

        assertEquals(expected, parallel);
    }

    @Test
    void toStringShowsNothingOfTheDigest() {
        TokenDigest digest = TokenDigest.of("abc");

        assertEquals("TokenDigest[SHA-256]", digest.toString());
        assertFalse(digest.toString().toLowerCase().contains("ba7816bf"));
    }
}
