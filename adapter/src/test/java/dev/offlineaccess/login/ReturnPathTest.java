package dev.offlineaccess.login;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReturnPathTest {

    @Test
    void ofWhenQueryHasLoginParametersThenTheyAreRemovedAndTheRestKept() {
        assertEquals("/app/page?tab=2&x=%20y",
                ReturnPath.of("/app/page", "scope=offline_access&tab=2&prompt=login&login_hint=a%40b"
                        + "&max_age=5&ui_locales=de&x=%20y", "/app/"));
    }

    @Test
    void ofWhenOnlyLoginParametersThenNoQuestionMark() {
        assertEquals("/app/page", ReturnPath.of("/app/page", "scope=offline_access", "/app/"));
    }

    @Test
    void ofWhenParameterNameIsEncodedThenStillRecognised() {
        assertEquals("/p?a=1", ReturnPath.of("/p", "a=1&sc%6Fpe=offline_access&login%5Fhint", "/"));
    }

    @Test
    void ofWhenPathStartsWithTwoSlashesThenItStaysOnThisOrigin() {
        assertEquals("/evil.example/x", ReturnPath.of("//evil.example/x", null, "/"));
        assertEquals("/evil.example/x", ReturnPath.of("/\\evil.example/x", null, "/"));
    }

    @Test
    void ofWhenPathHasControlCharactersThenFallback() {
        assertEquals("/app/", ReturnPath.of("/a\r\nLocation: http://evil", null, "/app/"));
    }

    @Test
    void isLocalRejectsEverythingABrowserCouldReadAsAnotherHost() {
        assertTrue(ReturnPath.isLocal("/"));
        assertTrue(ReturnPath.isLocal("/a//b"));
        assertFalse(ReturnPath.isLocal("//evil.example"));
        assertFalse(ReturnPath.isLocal("/\\evil.example"));
        assertFalse(ReturnPath.isLocal("https://evil.example/"));
        assertFalse(ReturnPath.isLocal("evil"));
        assertFalse(ReturnPath.isLocal("/a b"));
        assertFalse(ReturnPath.isLocal(null));
    }
}
