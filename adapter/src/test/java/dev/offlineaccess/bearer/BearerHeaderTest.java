package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerHeaderTest {

    @Test
    void parseWhenNullOrEmptyThenNoCredentials() {
        assertInstanceOf(BearerHeader.NoCredentials.class, BearerHeader.parse((String) null));
        assertInstanceOf(BearerHeader.NoCredentials.class, BearerHeader.parse(""));
        assertInstanceOf(BearerHeader.NoCredentials.class, BearerHeader.parse((List<String>) null));
        assertInstanceOf(BearerHeader.NoCredentials.class, BearerHeader.parse(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Digest", "DPoP abc.def.ghi", "Negotiate YII="})
    void parseWhenAnotherSchemeThenNoCredentials(String header) {
        assertInstanceOf(BearerHeader.NoCredentials.class, BearerHeader.parse(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "bearer abc", "BEARER abc", "bEaReR abc"})
    void parseWhenSchemeInAnyCaseThenToken(String header) {
        assertEquals("abc", ((BearerHeader.Token) BearerHeader.parse(header)).value());
    }

    @Test
    void parseWhenTokenUsesEveryToken68CharacterThenToken() {
        String token = "AZaz09-._~+/==";
        assertEquals(token, ((BearerHeader.Token) BearerHeader.parse("Bearer " + token)).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Bearer", "Bearer ", "Bearer  abc", "Bearer\tabc", "Bearerabc", "Bearer abc def", "Bearer abc ",
            "Bearer a,b", "Bearer abc, Basic xyz", "Basic x, Bearer abc", "Bearer =abc", "Bearer ==",
            "Bearer ab=c", "Bearer a\"b", "Bearer a\\b", "Bearer a;b", "Bearer a%20b", "Bearer ab\u00e9",
            "Bearer ab\u0000", "Bearer ab\r\nX-Injected: 1", " Bearer abc", "@bearer abc", "Bear\u00e9r abc"})
    void parseWhenHeaderIsNotOneBearerTokenThenMalformed(String header) {
        assertInstanceOf(BearerHeader.Malformed.class, BearerHeader.parse(header));
    }

    @Test
    void parseWhenLongerThanTheLimitThenMalformed() {
        String atLimit = "Bearer " + "a".repeat(BearerHeader.MAX_LENGTH - 7);
        assertInstanceOf(BearerHeader.Token.class, BearerHeader.parse(atLimit));
        assertInstanceOf(BearerHeader.Malformed.class, BearerHeader.parse(atLimit + "a"));
    }

    @Test
    void parseWhenSeveralHeadersThenMalformed() {
        assertInstanceOf(BearerHeader.Malformed.class, BearerHeader.parse(Arrays.asList("Bearer a", "Bearer b")));
        assertInstanceOf(BearerHeader.Token.class, BearerHeader.parse(List.of("Bearer a")));
    }

    @Test
    void malformedDescriptionNeverContainsTheHeader() {
        String secret = "s3cretTok3n";
        for (String header : List.of("Bearer  " + secret, "Bearer " + secret + ",x", "Bearer " + secret + "\u00e9",
                "Bearer " + secret + "=a", "Bearer " + secret.repeat(2000))) {
            String description = ((BearerHeader.Malformed) BearerHeader.parse(header)).description();
            assertFalse(description.contains(secret), description);
        }
    }

    @Test
    void tokenToStringHidesTheValue() {
        assertEquals("Token[11 characters]", new BearerHeader.Token("s3cretTok3n").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJh.eyJz.c2ln", "a.b.", "a-_.b_-.c-_"})
    void looksLikeJwtWhenThreeBase64UrlPartsThenTrue(String token) {
        assertTrue(new BearerHeader.Token(token).looksLikeJwt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b", "a.b.c.d", "a.b.c.d.e", ".b.c", "a..c", "a+.b.c", "a.b/.c", "a.b.c=",
            "2YotnFZFEjr1zCsicMWpAA"})
    void looksLikeJwtWhenNotThreeBase64UrlPartsThenFalse(String token) {
        assertFalse(new BearerHeader.Token(token).looksLikeJwt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJh.eyJz.c2ln", "a.b.", "a-_.b_-.c-_", "abc", "a.b.c.d", ".b.c", "a..c", "a+.b.c",
            "a.b.c=", "AZaz09-._~+/=="})
    void parseWhenTokenReadThenItsShapeIsThatOfTheTokenAlone(String token) {
        BearerHeader.Token parsed = (BearerHeader.Token) BearerHeader.parse("Bearer " + token);

        assertEquals(new BearerHeader.Token(token), parsed);
    }
}
