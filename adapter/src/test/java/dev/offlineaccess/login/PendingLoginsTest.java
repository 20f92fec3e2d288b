package dev.offlineaccess.login;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingLoginsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static PendingLogin login(String state, Instant createdAt) {
        return new PendingLogin(state, "nonce-" + state, "verifier-" + state, URI.create("https://app/cb"), "/",
                false, null, createdAt);
    }

    @Test
    void findWhenSeveralTabsStartedSignInsThenEachFindsItsOwn() {
        PendingLogins logins = PendingLogins.empty().with(login("a", NOW), 3).with(login("b", NOW), 3);
        assertEquals("nonce-a", logins.find("a", NOW).orElseThrow().nonce());
        assertEquals("nonce-b", logins.find("b", NOW).orElseThrow().nonce());
        assertTrue(logins.find("c", NOW).isEmpty());
    }

    @Test
    void withWhenBoundIsReachedThenOldestIsDropped() {
        PendingLogins logins = PendingLogins.empty();
        for (String state : new String[] {"a", "b", "c", "d"}) {
            logins = logins.with(login(state, NOW), 3);
        }
        assertEquals(3, logins.size());
        assertTrue(logins.find("a", NOW).isEmpty());
        assertTrue(logins.find("d", NOW).isPresent());
    }

    @Test
    void withoutWhenStateWasUsedThenItCannotBeFoundAgain() {
        PendingLogins logins = PendingLogins.empty().with(login("a", NOW), 3).with(login("b", NOW), 3);
        PendingLogin a = logins.find("a", NOW).orElseThrow();
        PendingLogins rest = logins.without(a);
        assertTrue(rest.find("a", NOW).isEmpty());
        assertTrue(rest.find("b", NOW).isPresent());
        assertEquals(2, logins.size(), "the original value is unchanged");
    }

    @Test
    void findWhenSignInIsOlderThanMaxAgeThenNotFound() {
        PendingLogins logins = PendingLogins.empty().with(login("a", NOW), 3);
        Instant later = NOW.plus(PendingLogins.MAX_AGE).plusSeconds(1);
        assertTrue(logins.find("a", NOW.plus(PendingLogins.MAX_AGE)).isPresent());
        assertTrue(logins.find("a", later).isEmpty());
        assertTrue(logins.withoutExpired(later).isEmpty());
    }

    @Test
    void withWhenBoundIsBelowOneThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> PendingLogins.empty().with(login("a", NOW), 0));
    }

    @Test
    void pendingLoginWhenReturnPathPointsElsewhereThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PendingLogin("s", "n", "v",
                URI.create("https://app/cb"), "//evil.example/", false, null, NOW));
    }

    @Test
    void serializationRoundTripKeepsEverySignIn() throws Exception {
        PendingLogins logins = PendingLogins.empty().with(login("a", NOW), 3).with(login("b", NOW), 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(logins);
        }
        PendingLogins copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PendingLogins) in.readObject();
        }
        assertEquals(2, copy.size());
        assertEquals(logins.find("b", NOW), copy.find("b", NOW));
    }
}
