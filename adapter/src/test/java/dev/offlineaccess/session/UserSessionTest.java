package dev.offlineaccess.session;

import dev.offlineaccess.tokens.GrantKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserSessionTest {
    @Test
    void sidIsTheSidClaimOfTheIdTokenOrNullWithoutOne() {
        UserSession withSid = Sessions.online(Instant.EPOCH).withTokens("a", Instant.EPOCH, Set.of(), null,
                Sessions.idToken(Map.of("sub", "sub-alice", "sid", "sid-1")), Set.of());
        assertEquals("sid-1", withSid.sid());
        assertNull(Sessions.online(Instant.EPOCH).sid());
        assertNull(Sessions.online(Instant.EPOCH).withTokens("a", Instant.EPOCH, Set.of(), null,
                Sessions.idToken(Map.of("sub", "sub-alice", "sid", "")), Set.of()).sid(), "an empty sid is none");
    }

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void offlineSessionWhenGivenARefreshTokenThenRejected() {
        UserSession offline = Sessions.offline(NOW);
        assertThrows(IllegalArgumentException.class, () -> new UserSession(offline.issuer(), offline.clientId(),
                offline.subject(), offline.principalName(), Set.of(), Sessions.ID_TOKEN, Map.of(), "a", NOW,
                Set.of(), "refresh", true, "c", NOW));
    }

    @Test
    void grantKeyWhenOfflineThenIssuerClientAndSubject() {
        assertEquals(new GrantKey("https://op.example/realms/test", "portal", "sub-alice"),
                Sessions.offline(NOW).grantKey().orElseThrow());
        assertTrue(Sessions.online(NOW).grantKey().isEmpty());
    }

    @Test
    void accessTokenExpiredCountsTheMargin() {
        UserSession session = Sessions.online(NOW.plusSeconds(30));
        assertFalse(session.accessTokenExpired(NOW, Duration.ofSeconds(29)));
        assertTrue(session.accessTokenExpired(NOW, Duration.ofSeconds(30)));
    }

    @Test
    void withTokensWhenOfflineThenStillNoRefreshToken() {
        UserSession renewed = Sessions.offline(NOW).withTokens("access-2", NOW.plusSeconds(60), Set.of(), "leaked",
                null, Set.of("user"));
        assertNull(renewed.refreshToken());
        assertEquals("access-2", renewed.accessToken());
        assertEquals(Sessions.ID_TOKEN, renewed.idToken());
        assertEquals(Set.of("openid", "offline_access"), renewed.scopes());
    }

    @Test
    void withTokensWhenOnlineAndNoNewRefreshTokenThenOldOneKept() {
        UserSession renewed = Sessions.online(NOW).withTokens("access-2", NOW, Set.of("openid"), null, null,
                Set.of());
        assertEquals("refresh-1", renewed.refreshToken());
        assertEquals(Sessions.ID_TOKEN, renewed.idToken());
        assertEquals(Set.of(), renewed.roles());
    }

    @Test
    void toStringShowsNoToken() {
        String text = Sessions.online(NOW).toString();
        assertFalse(text.contains("access-1"));
        assertFalse(text.contains("refresh-1"));
        assertFalse(text.contains(Sessions.ID_TOKEN.substring(0, 20)));
        assertFalse(text.contains("csrf-1"));
    }

    @Test
    void serializedKeycloakSizedOnlineSessionStaysUnderFourKilobytes() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("exp", 1795400754L);
        claims.put("iat", 1795400694L);
        claims.put("auth_time", 1795400690L);
        claims.put("iss", "http://localhost:8180/realms/demo");
        claims.put("aud", "customer-portal");
        claims.put("sub", "8545ae0e-f981-4417-baf2-7361c412acc4");
        claims.put("azp", "customer-portal");
        claims.put("sid", "-e_AOm_XYcZ2Nhf-92vLJoTX");
        claims.put("acr", "1");
        claims.put("email_verified", true);
        claims.put("name", "Alice Liddell");
        claims.put("preferred_username", "alice");
        claims.put("given_name", "Alice");
        claims.put("family_name", "Liddell");
        claims.put("email", "alice@example.com");
        UserSession session = new UserSession("http://localhost:8180/realms/demo", "customer-portal",
                "8545ae0e-f981-4417-baf2-7361c412acc4", "alice", Set.of("user", "offline_access",
                "default-roles-demo"), keycloakSized(claims), Map.of(), jwt(1400), NOW,
                Set.of("openid", "profile", "email"), jwt(700), false, "c".repeat(43), NOW);
        int size = serialize(session).length;
        assertTrue(size < 4096, "serialized size " + size);
    }

    @Test
    void serializationRoundTripKeepsClaimsAndTokens() throws Exception {
        UserSession session = Sessions.online(NOW).withTokens("a", NOW, Set.of("openid"), null, null,
                Set.of("user"));
        UserSession nested = new UserSession(session.issuer(), session.clientId(), session.subject(),
                session.principalName(), session.roles(), Sessions.ID_TOKEN,
                Map.of("realm_access", Map.of("roles", List.of("x"))), "a", NOW, Set.of(), null, false, "c", NOW);
        for (UserSession original : List.of(session, nested)) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(original)))) {
                assertEquals(original, in.readObject());
            }
        }
    }

    @Test
    void serializationRoundTripKeepsEveryComponentOfAnOfflineSession() throws Exception {
        UserSession offline = Sessions.offline(NOW);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(offline)))) {
            UserSession copy = (UserSession) in.readObject();
            assertEquals(offline, copy);
            assertEquals(offline.claims(), copy.claims());
            assertEquals(offline.grantKey(), copy.grantKey());
        }
    }

    @Test
    void serializedFormIsTheTokensPlusLittleMore() throws Exception {
        UserSession session = Sessions.online(NOW);
        int values = session.idToken().length() + session.accessToken().length()
                + session.refreshToken().length() + session.csrfToken().length() + session.issuer().length();
        int size = serialize(session).length;
        assertTrue(size < values + 400, "serialized size " + size + " for " + values + " characters of values");
    }

    @Test
    void claimsWhenReadThenIdTokenClaimsWithoutProtocolClaimsPlusUserInfoExtras() {
        UserSession session = new UserSession("i", "c", "sub-alice", "alice", Set.of(), Sessions.ID_TOKEN,
                Map.of("phone", "123", "preferred_username", "from-userinfo"), "a", NOW, Set.of(), null, false,
                "c", NOW);
        Map<String, Object> claims = session.claims();
        assertEquals("alice", claims.get("preferred_username"), "the verified ID token wins");
        assertEquals("123", claims.get("phone"));
        assertFalse(claims.containsKey("nonce"));
        assertThrows(UnsupportedOperationException.class, () -> claims.put("x", 1));
    }

    @Test
    void constructorWhenIdTokenIsNoJwtThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new UserSession("i", "c", "s", "p", Set.of(),
                "not-a-jwt", Map.of(), "a", NOW, Set.of(), null, false, "c", NOW));
    }

    @Test
    void sessionsOfOneApplicationShareTheirIssuerClientIdRoleAndScopeStrings() {
        UserSession first = fresh(Sessions.online(NOW));
        UserSession second = fresh(Sessions.online(NOW));
        assertSame(first.issuer(), second.issuer());
        assertSame(first.clientId(), second.clientId());
        assertSame(first.roles().iterator().next(), second.roles().iterator().next());
        assertSame(first.scopeList(), second.scopeList());
    }

    @Test
    void jwtShapedTokensAreKeptAsBytesAndReadBackExactly() {
        String access = keycloakSized(Map.of("sub", "sub-alice", "scope", "openid"));
        String refresh = keycloakSized(Map.of("sub", "sub-alice", "typ", "Refresh"));
        UserSession session = Sessions.online(NOW).withTokens(access, NOW, Set.of(), refresh, null, Set.of());
        assertTrue(session.compactIdToken().isCompact());
        assertTrue(session.compactAccessToken().isCompact());
        assertTrue(session.compactRefreshToken().isCompact());
        assertEquals(access, session.accessToken());
        assertEquals(refresh, session.refreshToken());
        assertEquals(Sessions.ID_TOKEN, session.idToken());
        assertEquals(access, session.currentAccessToken().value());
    }

    @Test
    void opaqueTokensAreKeptAsTheyAre() {
        UserSession session = Sessions.online(NOW);
        assertFalse(session.compactAccessToken().isCompact());
        assertEquals("access-1", session.accessToken());
        assertEquals("refresh-1", session.refreshToken());
    }

    @Test
    void withTokensKeepsTheIdTokenItHasWhenNoNewOneCame() {
        UserSession session = Sessions.online(NOW);
        assertSame(session.compactIdToken(), session.withTokens("a", NOW, Set.of(), null, null, Set.of())
                .compactIdToken());
    }

    @Test
    void scopesAreKeptAsTheSetGiven() {
        assertEquals(Set.of("openid", "profile", "email"), Sessions.online(NOW).withTokens("a", NOW,
                Set.of("profile", "openid", "email"), null, null, Set.of()).scopes());
        UserSession none = new UserSession("i", "c", "s", "p", Set.of(), Sessions.ID_TOKEN, Map.of(), "a", NOW,
                Set.of(), null, false, "c", NOW);
        assertEquals(Set.of(), none.scopes());
    }

    @Test
    void constructorWhenAScopeHasASpaceOrIsEmptyThenRejected() {
        for (String scope : List.of("open id", "")) {
            assertThrows(IllegalArgumentException.class, () -> new UserSession("i", "c", "s", "p", Set.of(),
                    Sessions.ID_TOKEN, Map.of(), "a", NOW, Set.of("openid", scope), null, false, "c", NOW));
        }
    }

    @Test
    void accessTokenExpiredCountsNanoseconds() {
        UserSession session = Sessions.online(NOW.plusNanos(500));
        assertFalse(session.accessTokenExpired(NOW, Duration.ofNanos(499)));
        assertTrue(session.accessTokenExpired(NOW, Duration.ofNanos(500)));
        assertEquals(NOW.plusNanos(500), session.accessTokenExpiresAt());
    }

    @Test
    void sessionsAreEqualWhenEveryComponentIs() {
        assertEquals(fresh(Sessions.online(NOW)), fresh(Sessions.online(NOW)));
        assertEquals(fresh(Sessions.online(NOW)).hashCode(), fresh(Sessions.online(NOW)).hashCode());
        UserSession session = Sessions.online(NOW);
        assertNotEquals(session, session.withTokens("access-2", NOW, Set.of(), null, null, session.roles()));
        assertNotEquals(session, session.withTokens("access-1", NOW.plusNanos(1), Set.of(), null, null,
                session.roles()));
        assertNotEquals(session, session.withTokens("access-1", NOW, Set.of(), "refresh-2", null, session.roles()));
        assertNotEquals(session, Sessions.offline(NOW));
    }

    @Test
    void serializedJwtsTakeAQuarterLessThanTheirText() throws Exception {
        String access = keycloakSized(Map.of("sub", "sub-alice"));
        UserSession session = Sessions.online(NOW).withTokens(access, NOW, Set.of(), null, null, Set.of());
        int size = serialize(session).length;
        int text = session.idToken().length() + access.length() + session.refreshToken().length();
        assertTrue(size < text * 3 / 4 + 300, "serialized size " + size + " for " + text + " token characters");
    }

    /** The same session made again from new String instances, as a new sign-in or deserialization makes it. */
    private static UserSession fresh(UserSession s) {
        Set<String> roles = new java.util.HashSet<>();
        s.roles().forEach(role -> roles.add(new String(role)));
        Set<String> scopes = new java.util.HashSet<>();
        s.scopes().forEach(scope -> scopes.add(new String(scope)));
        return new UserSession(new String(s.issuer()), new String(s.clientId()), s.subject(), s.principalName(),
                roles, s.idToken(), s.userInfoClaims(), s.accessToken(), s.accessTokenExpiresAt(), scopes,
                s.refreshToken(), s.offline(), s.csrfToken(), s.signedInAt());
    }

    /** An RS256-shaped JWT carrying {@code claims}, of Keycloak's ID token size (about 1050 characters). */
    private static String keycloakSized(Map<String, Object> claims) {
        String unsigned = Sessions.idToken(claims);
        String payload = unsigned.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rSpnXpVf1vKN3YmE7c0yH6TjmgIJ9l1dM5Ff1s2xqgQ\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return header + "." + payload + "." + jwt(342);
    }

    private static String jwt(int length) {
        byte[] bytes = new byte[length * 3 / 4];
        new java.util.Random(length).nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
