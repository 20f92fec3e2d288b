package dev.offlineaccess.logout;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.offlineaccess.logout.InvalidLogoutTokenException.Reason;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.offlineaccess.logout.LogoutTokens.EVENT;
import static dev.offlineaccess.logout.LogoutTokens.claims;
import static dev.offlineaccess.logout.LogoutTokens.sign;
import static dev.offlineaccess.logout.LogoutTokens.with;
import static dev.offlineaccess.logout.LogoutTokens.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every check of section 2.6 of OpenID Connect Back-Channel Logout 1.0, against the fake provider. */
class LogoutTokenVerifierTest {
    private FakeOpenIdProvider op;
    private TestClock clock;
    private InMemoryEndedSessions registry;
    private LogoutTokenVerifier verifier;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.start();
        clock = op.clock();
        registry = new InMemoryEndedSessions(clock);
        verifier = LogoutTokens.verifier(op, LogoutTokens.provider(op), registry, clock);
    }

    @AfterEach
    void stop() {
        op.close();
    }

    private VerifiedLogout verify(Map<String, Object> claims) throws Exception {
        return verifier.verify(sign(op, claims));
    }

    private Reason rejection(String token) {
        return assertThrows(InvalidLogoutTokenException.class, () -> verifier.verify(token)).reason();
    }

    private Reason rejection(Map<String, Object> claims) {
        return rejection(sign(op, claims));
    }

    @Test
    void verifyWhenTokenHasSidOnlyThenReturnsTheSession() throws Exception {
        Map<String, Object> claims = claims(op, null, "sid-1");
        VerifiedLogout logout = verify(claims);
        assertEquals(op.issuer().toString(), logout.issuer());
        assertNull(logout.subject());
        assertEquals("sid-1", logout.sid());
        assertEquals(claims.get("jti"), logout.jti());
        assertEquals(clock.instant(), logout.issuedAt());
        assertFalse(logout.revokeOfflineAccess());
    }

    @Test
    void verifyWhenTokenHasSubjectOnlyThenReturnsTheUser() throws Exception {
        VerifiedLogout logout = verify(claims(op, "sub-alice", null));
        assertEquals("sub-alice", logout.subject());
        assertNull(logout.sid());
    }

    @Test
    void verifyWhenTokenHasSubjectAndSidThenReturnsBoth() throws Exception {
        VerifiedLogout logout = verify(claims(op, "sub-alice", "sid-1"));
        assertEquals("sub-alice", logout.subject());
        assertEquals("sid-1", logout.sid());
    }

    @Test
    void verifyWhenTheFakeProviderMintsATokenForALoggedInUserThenItIsAccepted() throws Exception {
        op.addUser("alice");
        op.passwordGrant("alice", "openid");
        VerifiedLogout logout = verifier.verify(op.mintLogoutToken("alice"));
        assertEquals("sub-alice", logout.subject());
        assertTrue(logout.sid() != null && !logout.sid().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"logout+jwt", "application/logout+jwt", "JWT", "Logout+JWT"})
    void verifyWhenHeaderTypIsLogoutJwtOrJwtThenAccepts(String type) throws Exception {
        assertEquals("sub-alice", verifier.verify(op.signJwt(type, claims(op, "sub-alice", null))).subject());
    }

    @Test
    void verifyWhenHeaderHasNoTypThenAccepts() throws Exception {
        assertEquals("sid-1", verifier.verify(op.signJwt(null, claims(op, null, "sid-1"))).sid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "secevent+jwt", "id_token+jwt", "logout"})
    void verifyWhenHeaderTypIsAnotherTypeThenRejects(String type) {
        assertEquals(Reason.WRONG_TYPE, rejection(op.signJwt(type, claims(op, "sub-alice", "sid-1"))));
    }

    @Test
    void verifyWhenSignatureIsAlteredThenRejects() {
        String[] parts = sign(op, claims(op, "sub-alice", "sid-1")).split("\\.");
        byte[] signature = new Base64URL(parts[2]).decode();
        signature[10] ^= 0x01;
        assertEquals(Reason.BAD_SIGNATURE, rejection(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)));
    }

    @Test
    void verifyWhenPayloadIsAlteredThenRejects() {
        String[] parts = sign(op, claims(op, "sub-alice", "sid-1")).split("\\.");
        String payload = new Base64URL(parts[1]).decodeToString().replace("sub-alice", "sub-mallory");
        String forged = parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertEquals(Reason.BAD_SIGNATURE, rejection(forged));
    }

    @Test
    void verifyWhenAlgIsNoneThenRejects() throws Exception {
        String unsecured = new PlainJWT(JWTClaimsSet.parse(claims(op, "sub-alice", "sid-1"))).serialize();
        assertEquals(Reason.ALG_NOT_ALLOWED, rejection(unsecured));
    }

    @Test
    void verifyWhenSignedWithTheClientSecretButOnlyRs256IsAllowedThenRejects() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                JWTClaimsSet.parse(claims(op, "sub-alice", "sid-1")));
        jwt.sign(new MACSigner(op.clientSecret().getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.ALG_NOT_ALLOWED, rejection(jwt.serialize()));
    }

    @Test
    void verifyWhenSignedByAKeyTheProviderDoesNotPublishThenRejects() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("not-published").generate();
        assertEquals(Reason.UNKNOWN_KEY, rejection(signWith(foreign, claims(op, "sub-alice", "sid-1"))));
    }

    @Test
    void verifyWhenForeignKeyReusesThePublishedKidThenRejects() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(op.currentKeyId()).generate();
        assertEquals(Reason.BAD_SIGNATURE, rejection(signWith(foreign, claims(op, "sub-alice", "sid-1"))));
    }

    private static String signWith(RSAKey key, Map<String, Object> claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                JWTClaimsSet.parse(claims));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9", "...."})
    void verifyWhenTokenIsNotAJwtThenRejectsAsMalformed(String token) {
        assertEquals(Reason.MALFORMED, rejection(token));
    }

    @Test
    void verifyWhenIssuerIsAnotherRealmThenRejects() {
        assertEquals(Reason.WRONG_ISSUER, rejection(with(claims(op, "sub-alice", "sid-1"), "iss",
                op.baseUri() + "/realms/other")));
    }

    @Test
    void verifyWhenIssuerIsMissingThenRejects() {
        assertEquals(Reason.WRONG_ISSUER, rejection(without(claims(op, "sub-alice", "sid-1"), "iss")));
    }

    @Test
    void verifyWhenAudienceIsAnotherClientThenRejects() {
        assertEquals(Reason.WRONG_AUDIENCE, rejection(with(claims(op, "sub-alice", "sid-1"), "aud", "other-app")));
    }

    @Test
    void verifyWhenAudienceIsAnArrayContainingTheClientThenAccepts() throws Exception {
        assertEquals("sid-1", verify(with(claims(op, "sub-alice", "sid-1"), "aud",
                List.of("other-app", op.clientId()))).sid());
    }

    @Test
    void verifyWhenAudienceIsMissingThenRejects() {
        assertEquals(Reason.WRONG_AUDIENCE, rejection(without(claims(op, "sub-alice", "sid-1"), "aud")));
    }

    @Test
    void verifyWhenEventsIsMissingThenRejects() {
        assertEquals(Reason.MISSING_EVENT, rejection(without(claims(op, "sub-alice", "sid-1"), "events")));
    }

    @Test
    void verifyWhenEventsIsNotAnObjectThenRejects() {
        assertEquals(Reason.MISSING_EVENT, rejection(with(claims(op, "sub-alice", "sid-1"), "events", List.of(EVENT))));
    }

    @Test
    void verifyWhenEventsLacksTheBackchannelLogoutMemberThenRejects() {
        assertEquals(Reason.MISSING_EVENT, rejection(with(claims(op, "sub-alice", "sid-1"), "events",
                Map.of("http://schemas.openid.net/event/other", Map.of()))));
    }

    @Test
    void verifyWhenTheBackchannelLogoutMemberIsNotAnObjectThenRejects() {
        for (Object value : List.of(Boolean.TRUE, "{}", List.of())) {
            assertEquals(Reason.EVENT_NOT_OBJECT, rejection(with(claims(op, "sub-alice", "sid-1"), "events",
                    Map.of(EVENT, value))), "member value " + value);
        }
    }

    @Test
    void verifyWhenNoncePresentThenRejects() {
        assertEquals(Reason.NONCE_PRESENT, rejection(with(claims(op, "sub-alice", "sid-1"), "nonce", "n-1")));
    }

    @Test
    void verifyWhenJtiMissingThenRejects() {
        assertEquals(Reason.MISSING_JTI, rejection(without(claims(op, "sub-alice", "sid-1"), "jti")));
    }

    @Test
    void verifyWhenNeitherSubjectNorSidThenRejects() {
        assertEquals(Reason.MISSING_SUBJECT_AND_SID, rejection(claims(op, null, null)));
    }

    @Test
    void verifyWhenSidIsNotAStringThenRejectsAsMalformed() {
        assertEquals(Reason.MALFORMED, rejection(with(claims(op, "sub-alice", null), "sid", 42)));
    }

    @Test
    void verifyWhenSubjectIsLongerThanTheRegistryStoresThenRejectsAsMalformed() {
        assertEquals(Reason.MALFORMED, rejection(claims(op, "s".repeat(EndedSession.MAX_ID_LENGTH + 1), "sid-1")));
    }

    @Test
    void verifyWhenIatMissingThenRejects() {
        assertEquals(Reason.MISSING_IAT, rejection(without(claims(op, "sub-alice", "sid-1"), "iat")));
    }

    @Test
    void verifyWhenIatOlderThanMaxAgePlusSkewThenRejects() {
        Map<String, Object> claims = claims(op, "sub-alice", "sid-1");
        clock.advance(LogoutTokens.MAX_AGE.plus(LogoutTokens.SKEW).plusSeconds(1));
        assertEquals(Reason.TOO_OLD, rejection(without(claims, "exp")));
    }

    @Test
    void verifyWhenIatWithinMaxAgePlusSkewThenAccepts() throws Exception {
        Map<String, Object> claims = without(claims(op, "sub-alice", "sid-1"), "exp");
        clock.advance(LogoutTokens.MAX_AGE.plus(LogoutTokens.SKEW));
        assertEquals("sid-1", verify(claims).sid());
    }

    @Test
    void verifyWhenIatInTheFutureBeyondSkewThenRejects() {
        Instant future = clock.instant().plus(LogoutTokens.SKEW).plusSeconds(1);
        assertEquals(Reason.ISSUED_IN_FUTURE, rejection(with(claims(op, "sub-alice", "sid-1"), "iat",
                future.getEpochSecond())));
    }

    @Test
    void verifyWhenIatInTheFutureWithinSkewThenAccepts() throws Exception {
        Instant ahead = clock.instant().plus(LogoutTokens.SKEW);
        assertEquals("sid-1", verify(with(claims(op, "sub-alice", "sid-1"), "iat", ahead.getEpochSecond())).sid());
    }

    @Test
    void verifyWhenExpPassedBeyondSkewThenRejects() {
        Map<String, Object> claims = with(claims(op, "sub-alice", "sid-1"), "exp",
                clock.instant().plusSeconds(10).getEpochSecond());
        clock.advance(LogoutTokens.SKEW.plusSeconds(11));
        assertEquals(Reason.EXPIRED, rejection(claims));
    }

    @Test
    void verifyWhenIatIsNotANumberThenRejectsAsMalformed() {
        assertEquals(Reason.MALFORMED, rejection(with(claims(op, "sub-alice", "sid-1"), "iat", "yesterday")));
    }

    @Test
    void verifyWhenTheSameTokenComesTwiceThenTheSecondIsAReplay() throws Exception {
        String token = sign(op, claims(op, "sub-alice", "sid-1"));
        verifier.verify(token);
        assertEquals(Reason.REPLAYED, rejection(token));
    }

    @Test
    void verifyWhenAnotherTokenReusesTheJtiThenItIsAReplay() throws Exception {
        Map<String, Object> first = claims(op, "sub-alice", "sid-1");
        verify(first);
        assertEquals(Reason.REPLAYED, rejection(with(claims(op, "sub-bob", "sid-2"), "jti", first.get("jti"))));
    }

    @Test
    void verifyWhenATokenFailsAnotherCheckThenItsJtiIsNotUsedUp() throws Exception {
        Map<String, Object> claims = claims(op, "sub-alice", "sid-1");
        assertEquals(Reason.WRONG_AUDIENCE, rejection(with(claims, "aud", "other-app")));
        assertEquals("sid-1", verify(claims).sid());
    }

    @Test
    void verifyWhenEventsCarryKeycloaksRevokeOfflineAccessThenReportsIt() throws Exception {
        assertTrue(verify(LogoutTokens.revoking(op, "sub-alice", "sid-1")).revokeOfflineAccess());
    }

    @Test
    void verifyWhenRevokeOfflineAccessIsTheStringTrueThenReportsIt() throws Exception {
        assertTrue(verify(with(claims(op, "sub-alice", "sid-1"), "events",
                Map.of(EVENT, Map.of(), "revoke_offline_access", "true"))).revokeOfflineAccess());
    }

    @Test
    void verifyWhenRevokeOfflineAccessIsFalseThenDoesNotReportIt() throws Exception {
        assertFalse(verify(with(claims(op, "sub-alice", "sid-1"), "events",
                Map.of(EVENT, Map.of(), "revoke_offline_access", false))).revokeOfflineAccess());
    }

    @Test
    void verifyWhenRevokeOfflineAccessIsInsideTheLogoutMemberThenDoesNotReportIt() throws Exception {
        assertFalse(verify(with(claims(op, "sub-alice", "sid-1"), "events",
                Map.of(EVENT, Map.of("revoke_offline_access", true)))).revokeOfflineAccess());
    }

    @Test
    void verifyWhenTheProviderCannotBeReachedThenSaysUnavailable() {
        String token = sign(op, claims(op, "sub-alice", "sid-1"));
        op.stop();
        assertThrows(ProviderUnavailableException.class, () -> verifier.verify(token));
    }

    @Test
    void verifyWhenTheProviderRotatedItsKeyThenFetchesTheNewOne() throws Exception {
        verify(claims(op, "sub-alice", "sid-1"));
        op.rotateSigningKey();
        clock.advance(Duration.ofSeconds(31));   // the provider re-fetches for an unknown kid at most every 30 s
        assertEquals("sid-2", verify(claims(op, "sub-alice", "sid-2")).sid());
    }

    @Test
    void messagesNeverContainTheTokenOrItsIdentifiers() {
        Map<String, Object> claims = with(claims(op, "sub-secretive", "sid-secretive"), "aud", "other-app");
        String token = sign(op, claims);
        InvalidLogoutTokenException e = assertThrows(InvalidLogoutTokenException.class, () -> verifier.verify(token));
        assertFalse(e.getMessage().contains(token));
        assertFalse(e.getMessage().contains("secretive"));
        assertFalse(e.getMessage().contains(String.valueOf(claims.get("jti"))));
    }

    @Test
    void constructorWhenMaxAgeNegativeThenRefuses() {
        OidcProvider provider = LogoutTokens.provider(op);
        assertThrows(IllegalArgumentException.class, () -> new LogoutTokenVerifier(
                dev.offlineaccess.provider.SignedJwtVerifier.of(provider, java.util.Set.of("RS256"), null),
                op.issuer().toString(), op.clientId(), registry, Duration.ZERO, Duration.ofSeconds(-1), clock));
    }
}
