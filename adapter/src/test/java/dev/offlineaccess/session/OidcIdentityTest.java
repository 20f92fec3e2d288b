package dev.offlineaccess.session;

import dev.offlineaccess.tokens.AccessToken;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OidcIdentityTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void ofSessionCarriesNameRolesClaimsAndAccessToken() {
        OidcIdentity identity = OidcIdentity.of(Sessions.offline(NOW));
        assertEquals("alice", identity.getName());
        assertEquals("alice", identity.principalName());
        assertEquals("sub-alice", identity.subject());
        assertTrue(identity.hasRole("user"));
        assertEquals("alice", identity.stringClaim("preferred_username").orElseThrow());
        assertTrue(identity.offlineGranted());
        assertEquals("access-1", identity.accessToken().orElseThrow().value());
    }

    @Test
    void ofSessionMakesTheAccessTokenOnceWhenFirstAskedFor() {
        UserSession session = Sessions.online(NOW);
        OidcIdentity identity = OidcIdentity.of(session);
        AccessToken token = identity.accessToken().orElseThrow();
        assertSame(token, identity.accessToken().orElseThrow());
        assertEquals(session.currentAccessToken(), token);
    }

    @Test
    void claimsAreDeeplyImmutable() {
        OidcIdentity identity = new OidcIdentity("i", "s", "n", java.util.Set.of(),
                Map.of("a", new java.util.ArrayList<>(List.of("x"))), false, null);
        assertThrows(UnsupportedOperationException.class, () -> identity.claims().put("b", 1));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) identity.claim("a").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> list.add("y"));
    }

    @Test
    void serializedIdentityDropsTheAccessToken() throws Exception {
        OidcIdentity identity = OidcIdentity.of(Sessions.online(NOW));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(identity);
        }
        assertFalse(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("access-1"));
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            OidcIdentity copy = (OidcIdentity) in.readObject();
            assertEquals(identity, copy);
            assertTrue(copy.accessToken().isEmpty());
            assertEquals(identity.roles(), copy.roles());
        }
    }

    @Test
    void serializedSessionIdentityCarriesItsClaimsThoughNeverAskedFor() throws Exception {
        UserSession session = Sessions.online(NOW);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(OidcIdentity.of(session));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            OidcIdentity copy = (OidcIdentity) in.readObject();
            assertEquals(session.claims(), copy.claims());
            assertEquals("alice", copy.stringClaim("preferred_username").orElseThrow());
        }
    }

    @Test
    void sessionIdentityDecodesTheSameClaimsAsTheSession() {
        UserSession session = Sessions.offline(NOW);
        OidcIdentity identity = OidcIdentity.of(session);
        assertEquals(session.claims(), identity.claims());
        assertTrue(identity.claims() == identity.claims(), "decoded once, then kept");
    }

    @Test
    void toStringShowsNoToken() {
        assertFalse(OidcIdentity.of(Sessions.online(NOW)).toString().contains("access-1"));
    }
}
