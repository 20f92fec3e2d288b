package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.offlineaccess.bearer.BearerResult.Authenticated;
import dev.offlineaccess.bearer.BearerResult.Challenge;
import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.Fault;
import dev.offlineaccess.testing.TestClock;

/** {@link BearerAuthenticator} with the real {@link OidcProvider} against the in-JVM fake provider. */
class BearerAuthenticatorProviderTest {
    private static final String REALM = "Bearer realm=\"customer-portal\"";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    private FakeOpenIdProvider op;
    private BearerAuthenticator bearer;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.builder().clock(clock).start();
        op.addUser("alice");
        bearer = authenticator(TestSettings.settings(op.clientSettings(), null));
    }

    @AfterEach
    void stop() {
        op.close();
    }

    private BearerAuthenticator authenticator(OidcSettings settings) {
        return BearerAuthenticator.create(settings, OidcProvider.create(settings, clock), clock);
    }

    // ---- JWT access tokens ----

    @Test
    void validAccessTokenThenAuthenticatedWithPrincipalRolesAndClaims() {
        Authenticated alice = authenticated(bearer.authenticate("Bearer " + op.accessTokenFor("alice")));

        assertEquals("alice", alice.principal());
        assertEquals(Set.of("default-roles-test", "user", "offline_access", "customer"), alice.roles());
        assertEquals(Optional.of("sub-alice"), alice.claim("sub"));
        assertEquals(Optional.of("alice@example.test"), alice.claim("email"));
        assertTrue(alice.scopes().contains("openid"));
        assertEquals(0, op.requestCount(Endpoint.INTROSPECTION), "a JWT is checked locally");
    }

    @Test
    void schemeInLowerCaseThenAuthenticated() {
        assertEquals("alice", authenticated(bearer.authenticate("bearer " + op.accessTokenFor("alice"))).principal());
    }

    @Test
    void audienceOnlyInAzpThenAccepted() {
        // Keycloak's access tokens: aud "account", the client in azp
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + op.signJwt(claims("account", "customer-portal"))));
    }

    @Test
    void audienceInAudWithoutAzpThenAccepted() {
        Map<String, Object> claims = claims("customer-portal", null);
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + op.signJwt(claims)));
    }

    @Test
    void configuredAudienceThenTokenMustNameIt() {
        BearerAuthenticator api = authenticator(TestSettings.settings(op.clientSettings(), "orders-api"));
        assertInstanceOf(Authenticated.class, api.authenticate("Bearer " + op.signJwt(claims("orders-api", "x"))));
        assertInvalidToken(api.authenticate("Bearer " + op.accessTokenFor("alice")),
                "The access token is not meant for this resource");
    }

    @Test
    void wrongAudienceThen401() {
        assertInvalidToken(bearer.authenticate("Bearer " + op.signJwt(claims("other-api", "other-client"))),
                "The access token is not meant for this resource");
    }

    @Test
    void expiredThen401() {
        String token = op.accessTokenFor("alice");
        clock.advance(Duration.ofSeconds(60 + 10 + 1));   // lifetime + clock skew + 1
        assertInvalidToken(bearer.authenticate("Bearer " + token), "The access token expired");
    }

    @Test
    void expiredWithinTheClockSkewThenStillAccepted() {
        String token = op.accessTokenFor("alice");
        clock.advance(Duration.ofSeconds(65));
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + token));
    }

    @Test
    void notYetValidThen401() {
        Map<String, Object> claims = claims("customer-portal", "customer-portal");
        claims.put("nbf", Date.from(clock.instant().plusSeconds(120)));
        assertInvalidToken(bearer.authenticate("Bearer " + op.signJwt(claims)), "The access token is not valid yet");
    }

    @Test
    void wrongIssuerThen401() {
        Map<String, Object> claims = claims("customer-portal", "customer-portal");
        claims.put("iss", op.baseUri() + "/realms/other");
        assertInvalidToken(bearer.authenticate("Bearer " + op.signJwt(claims)),
                "The access token was issued by another issuer");
    }

    @Test
    void badSignatureThen401() {
        String[] parts = op.accessTokenFor("alice").split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[10] ^= 0x01;
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        assertInvalidToken(bearer.authenticate("Bearer " + forged), "The access token signature is invalid");
    }

    @Test
    void payloadSwappedUnderAValidSignatureThen401() {
        String[] real = op.accessTokenFor("alice").split("\\.");
        String payload = base64Url("{\"iss\":\"" + op.issuer() + "\",\"sub\":\"admin\",\"preferred_username\":\"admin\","
                + "\"azp\":\"customer-portal\",\"exp\":" + clock.instant().plusSeconds(60).getEpochSecond() + "}");
        assertInvalidToken(bearer.authenticate("Bearer " + real[0] + "." + payload + "." + real[2]),
                "The access token signature is invalid");
    }

    @Test
    void algNoneThen401() {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64Url("{\"iss\":\"" + op.issuer() + "\",\"preferred_username\":\"alice\","
                + "\"azp\":\"customer-portal\",\"exp\":" + clock.instant().plusSeconds(60).getEpochSecond() + "}");
        assertInvalidToken(bearer.authenticate("Bearer " + header + "." + payload + "."),
                "The access token is not signed with an accepted algorithm");
        assertEquals(0, op.requestCount(Endpoint.INTROSPECTION));
    }

    @Test
    void hs256WithTheClientSecretThen401() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claimsSet());
        jwt.sign(new MACSigner(op.clientSecret().getBytes(StandardCharsets.UTF_8)));
        assertInvalidToken(bearer.authenticate("Bearer " + jwt.serialize()),
                "The access token is not signed with an accepted algorithm");
    }

    @Test
    void unknownKeyIdThen401() throws JOSEException {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("not-published").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-published").build(),
                claimsSet());
        jwt.sign(new RSASSASigner(stranger));
        Challenge challenge = assertInvalidToken(bearer.authenticate("Bearer " + jwt.serialize()),
                "The access token is signed by an unknown key");
        assertTrue(!challenge.wwwAuthenticate().contains("not-published"), "the kid is not echoed");
    }

    @Test
    void signingKeyRotatedThenNewTokensAcceptedAfterJwksRefetch() {
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + op.accessTokenFor("alice")));
        op.rotateSigningKey();
        clock.advance(Duration.ofSeconds(31));   // past the provider's throttle of unknown-key JWKS refetches
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + op.accessTokenFor("alice")));
    }

    @Test
    void idTokenOrRefreshTokenAsBearerThen401() {
        Map<String, Object> grant = op.passwordGrant("alice", "openid offline_access");
        assertInvalidToken(bearer.authenticate("Bearer " + grant.get("id_token")), "The token is not an access token");
        assertInvalidToken(bearer.authenticate("Bearer " + grant.get("refresh_token")),
                "The access token is not signed with an accepted algorithm");
    }

    // ---- the header ----

    @Test
    void missingHeaderThen401WithoutErrorAttributes() {
        for (String header : new String[] {null, "", "Basic YWxpY2U6YWxpY2U="}) {
            Challenge challenge = assertInstanceOf(Challenge.class, bearer.authenticate(header));
            assertEquals(401, challenge.httpStatus());
            assertEquals(REALM, challenge.wwwAuthenticate());
        }
        assertEquals(0, op.requestCount(Endpoint.JWKS) + op.requestCount(Endpoint.INTROSPECTION));
    }

    @Test
    void malformedHeadersThen400InvalidRequest() {
        String token = op.accessTokenFor("alice");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Bearer", "The Bearer scheme is not followed by a token");
        expected.put("Bearer ", "The Bearer scheme is not followed by a token");
        expected.put("Bearer  " + token, "Bearer must be followed by exactly one space");
        expected.put("Bearer" + token, "Bearer must be followed by exactly one space");
        expected.put("Bearer " + token + " ", "The bearer token is not in token68 syntax");
        expected.put("Bearer " + token + ", Bearer " + token,
                "The Authorization header carries more than one credential");
        expected.put("Bearer " + token + "\u00e9", "The Authorization header contains characters other than printable ASCII");
        expected.put("Bearer " + "a".repeat(16_400), "The Authorization header is longer than 16384 characters");
        expected.forEach((header, description) -> {
            Challenge challenge = assertInstanceOf(Challenge.class, bearer.authenticate(header));
            assertEquals(400, challenge.httpStatus(), description);
            assertEquals(REALM + ", error=\"invalid_request\", error_description=\"" + description + "\"",
                    challenge.wwwAuthenticate());
        });
        Challenge two = assertInstanceOf(Challenge.class,
                bearer.authenticate(List.of("Bearer " + token, "Bearer " + token)));
        assertEquals(REALM + ", error=\"invalid_request\", error_description=\"The request carries more than one "
                + "Authorization header\"", two.wwwAuthenticate());
    }

    // ---- opaque tokens, by introspection ----

    @Test
    void opaqueTokenUnknownToTheProviderThen401AndTheAnswerIsCached() {
        assertInvalidToken(bearer.authenticate("Bearer 2YotnFZFEjr1zCsicMWpAA"), "The access token is not active");
        assertInvalidToken(bearer.authenticate("Bearer 2YotnFZFEjr1zCsicMWpAA"), "The access token is not active");
        assertEquals(1, op.requestCount(Endpoint.INTROSPECTION));
        assertEquals("2YotnFZFEjr1zCsicMWpAA", op.lastRequest(Endpoint.INTROSPECTION).orElseThrow().param("token"));
    }

    @Test
    void opaqueActiveTokenThenAuthenticatedFromTheIntrospectionAnswerAndCachedForTheTtl() {
        String token = opaqueFor("alice");

        Authenticated alice = authenticated(bearer.authenticate("Bearer " + token));
        assertEquals("alice", alice.principal());
        assertEquals(Set.of("default-roles-test", "user", "offline_access", "customer"), alice.roles());
        assertEquals(Optional.of("customer-portal"), alice.claim("client_id"));
        assertEquals(1, op.requestCount(Endpoint.INTROSPECTION));

        clock.advance(Duration.ofSeconds(29));
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + token));
        assertEquals(1, op.requestCount(Endpoint.INTROSPECTION), "second call served from the cache");

        clock.advance(Duration.ofSeconds(1));   // the 30 s TTL has passed
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + token));
        assertEquals(2, op.requestCount(Endpoint.INTROSPECTION));
    }

    @Test
    void opaqueTokenCachedAnswerEndsAtTheTokensExp() {
        op.accessTokenLifetime(Duration.ofSeconds(20));
        String token = opaqueFor("alice");
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + token));

        clock.advance(Duration.ofSeconds(20));
        assertInvalidToken(bearer.authenticate("Bearer " + token), "The access token is not active");
        assertEquals(2, op.requestCount(Endpoint.INTROSPECTION));
    }

    @Test
    void opaqueTokenRevokedAtTheProviderThenRejectedOnceTheCachedAnswerExpires() {
        String token = opaqueFor("alice");
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + token));
        op.disableUser("alice");

        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + token));
        clock.advance(Duration.ofSeconds(30));
        assertInvalidToken(bearer.authenticate("Bearer " + token), "The access token is not active");
    }

    @Test
    void opaqueTokenWhenCacheTtlZeroThenEveryCallIntrospects() {
        OidcSettings settings = TestSettings.settings(op.clientSettings(), null);
        OidcProvider provider = OidcProvider.create(settings, clock);
        BearerPolicy noCache = new BearerPolicy("customer-portal", "customer-portal", "customer-portal",
                "preferred_username", List.of(), Set.of(), Duration.ZERO, 10, Duration.ofSeconds(5));
        BearerAuthenticator uncached = new BearerAuthenticator(noCache, provider, clock);
        String token = opaqueFor("alice");
        uncached.authenticate("Bearer " + token);
        uncached.authenticate("Bearer " + token);
        assertEquals(2, op.requestCount(Endpoint.INTROSPECTION));
    }

    // ---- the provider cannot be asked ----

    @Test
    void introspectionEndpointDownThen503WithRetryHintAndNothingCached() {
        op.fail(Endpoint.INTROSPECTION, Fault.HTTP_503);
        assertUnavailable(bearer.authenticate("Bearer " + opaqueFor("alice")));
        op.fail(Endpoint.INTROSPECTION, Fault.HTML_BODY);
        assertUnavailable(bearer.authenticate("Bearer " + opaqueFor("alice")));

        op.heal();
        assertInstanceOf(Authenticated.class, bearer.authenticate("Bearer " + opaqueFor("alice")));
    }

    @Test
    void jwksUnreachableThen503NeverValid() {
        op.fail(Endpoint.JWKS, Fault.HTTP_500);
        assertUnavailable(bearer.authenticate("Bearer " + op.accessTokenFor("alice")));
    }

    @Test
    void providerStoppedThen503ForJwtAndOpaqueTokens() {
        String jwt = op.accessTokenFor("alice");
        String opaque = opaqueFor("alice");
        op.stop();
        assertUnavailable(bearer.authenticate("Bearer " + jwt));
        assertUnavailable(bearer.authenticate("Bearer " + opaque));
    }

    @Test
    void introspectionRefusedForOurClientThen503NotInvalidToken() {
        ClientSettings wrongSecret = new ClientSettings(op.issuer(), op.clientId(), new Secret("not-the-secret"));
        BearerAuthenticator misconfigured = authenticator(TestSettings.settings(wrongSecret, null));
        assertUnavailable(misconfigured.authenticate("Bearer " + opaqueFor("alice")));
    }

    @Test
    void discoveredIssuerDiffersThen503() {
        op.discoveryIssuer("http://127.0.0.1:1/realms/elsewhere");
        assertUnavailable(bearer.authenticate("Bearer " + op.accessTokenFor("alice")));
        assertUnavailable(bearer.authenticate("Bearer 2YotnFZFEjr1zCsicMWpAA"));
    }

    // ---- hostile tokens through the real provider ----

    @Test
    void hostileJwtShapedAndRandomTokensNeverThrowAndNeverAuthenticate() {
        String kid = op.currentKeyId();
        String exp = Long.toString(clock.instant().plusSeconds(60).getEpochSecond());
        List<String> headers = List.of("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", "{\"alg\":\"RS256\"}",
                "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}", "{\"alg\":\"PS256\",\"kid\":\"" + kid + "\"}",
                "{\"alg\":\"RS256\",\"kid\":17}", "{\"alg\":\"RS256\",\"crit\":[\"exp\"]}",
                "{\"alg\":\"HS512\"}", "{\"alg\":\"none\"}", "{\"alg\":\"NONE\"}", "{\"alg\":null}", "{}", "[]",
                "{\"alg\":\"dir\",\"enc\":\"A128GCM\"}", "not json", "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\"}}");
        List<String> payloads = List.of("{\"iss\":\"" + op.issuer() + "\",\"azp\":\"customer-portal\",\"exp\":" + exp
                        + ",\"preferred_username\":\"alice\"}", "{\"exp\":\"tomorrow\"}", "{\"aud\":17,\"exp\":" + exp + "}",
                "{\"iss\":{\"a\":1}}", "[]", "null", "", "\u0000");
        List<String> signatures = List.of("", "c2ln", op.accessTokenFor("alice").split("\\.")[2]);
        Random random = new Random(42);
        int checked = 0;
        for (String header : headers) {
            for (String payload : payloads) {
                for (String signature : signatures) {
                    assertNotAuthenticated(bearer.authenticate("Bearer " + base64Url(header) + "." + base64Url(payload)
                            + (signature.isEmpty() ? "." : "." + signature)));
                    checked++;
                }
            }
        }
        for (int i = 0; i < 40; i++) {   // each opaque one costs an introspection request
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().encodeToString(bytes);
            assertNotAuthenticated(bearer.authenticate("Bearer " + token));
            assertNotAuthenticated(bearer.authenticate("Bearer " + token.replace('=', '.')));
            checked += 2;
        }
        assertEquals(headers.size() * payloads.size() * signatures.size() + 80, checked);
    }

    private static void assertNotAuthenticated(BearerResult result) {
        Challenge challenge = assertInstanceOf(Challenge.class, result);
        assertTrue(challenge.httpStatus() == 401 || challenge.httpStatus() == 400, challenge::wwwAuthenticate);
    }

    // ---- helpers ----

    /**
     * An active token the resource server cannot parse as a JWT. The fake provider only issues JWTs; with base64
     * padding appended, a JWT is no compact JWS to {@link BearerHeader.Token#looksLikeJwt()} (so it takes the opaque
     * path), while the provider's introspection still recognises it.
     */
    private String opaqueFor(String username) {
        String token = op.accessTokenFor(username) + "==";
        assertTrue(!new BearerHeader.Token(token).looksLikeJwt());
        return token;
    }

    private Map<String, Object> claims(String audience, String azp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", op.issuer().toString());
        claims.put("sub", "sub-alice");
        claims.put("aud", audience);
        if (azp != null) {
            claims.put("azp", azp);
        }
        claims.put("typ", "Bearer");
        claims.put("preferred_username", "alice");
        claims.put("iat", Date.from(clock.instant()));
        claims.put("exp", Date.from(clock.instant().plusSeconds(60)));
        return claims;
    }

    private JWTClaimsSet claimsSet() {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims("customer-portal", "customer-portal").forEach(builder::claim);
        return builder.build();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Authenticated authenticated(BearerResult result) {
        return assertInstanceOf(Authenticated.class, result);
    }

    private static Challenge assertInvalidToken(BearerResult result, String description) {
        Challenge challenge = assertInstanceOf(Challenge.class, result);
        assertEquals(401, challenge.httpStatus());
        assertEquals(REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"",
                challenge.wwwAuthenticate());
        return challenge;
    }

    private static void assertUnavailable(BearerResult result) {
        Challenge challenge = assertInstanceOf(Challenge.class, result);
        assertEquals(503, challenge.httpStatus());
        assertEquals(REALM, challenge.wwwAuthenticate());
        assertEquals(Optional.of(BearerPolicy.DEFAULT_RETRY_AFTER), challenge.retryAfter());
    }
}
