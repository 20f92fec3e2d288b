package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

import dev.offlineaccess.bearer.BearerResult.Authenticated;
import dev.offlineaccess.bearer.BearerResult.Challenge;
import dev.offlineaccess.testing.Endpoint;

/** JWT access tokens and the header, checked by {@link BearerAuthenticator} through the real provider facade. */
class BearerJwtProviderTest extends FakeProviderFixture {

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
}
