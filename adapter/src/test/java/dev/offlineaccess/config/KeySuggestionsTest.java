package dev.offlineaccess.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {
    private static final List<String> KNOWN = List.of("client-id", "client-secret", "issuer", "scopes");

    @Test
    void closestWhenOtherSpellingThenTheKnownKey() {
        assertEquals(Optional.of("client-id"), KeySuggestions.closest("clientId", KNOWN));
        assertEquals(Optional.of("client-id"), KeySuggestions.closest("client_id", KNOWN));
        assertEquals(Optional.of("client-id"), KeySuggestions.closest("CLIENT-ID", KNOWN));
    }

    @Test
    void closestWhenSmallTypoThenTheKnownKey() {
        assertEquals(Optional.of("issuer"), KeySuggestions.closest("isuer", KNOWN));
        assertEquals(Optional.of("client-secret"), KeySuggestions.closest("client-secrte", KNOWN));
    }

    @Test
    void closestWhenNothingIsCloseThenEmpty() {
        assertEquals(Optional.empty(), KeySuggestions.closest("database", KNOWN));
        assertEquals(Optional.empty(), KeySuggestions.closest("x", KNOWN));
    }

    @Test
    void distanceCountsEditsAndSwaps() {
        assertEquals(3, KeySuggestions.distance("kitten", "sitting"));
        assertEquals(1, KeySuggestions.distance("secrte", "secret"));
        assertEquals(0, KeySuggestions.distance("", ""));
        assertEquals(4, KeySuggestions.distance("", "abcd"));
    }
}
