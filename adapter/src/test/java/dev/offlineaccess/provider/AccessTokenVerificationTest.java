package dev.offlineaccess.provider;

import dev.offlineaccess.provider.InvalidAccessTokenException.Reason;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local verification of JWT access tokens for the bearer package. */
class AccessTokenVerificationTest {
    private FakeOpenIdProvider op;
    private OidcProvider provider;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.start();
        op.addUser("alice");
        provider = ProviderTestSupport.providerFor(op);
    }

    @AfterEach
    void stop() {
        op.close();
    }

    private Map<String, Object> claims() {
        Instant now = op.clock().instant();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", op.issuer().toString());
        claims.put("sub", "sub-alice");
        claims.put("aud", List.of("api"));
        claims.put("azp", "other-client");
        claims.put("typ", "Bearer");
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(60).getEpochSecond());
        claims.put("scope", "openid email");
        return claims;
    }

    private Reason rejection(String token, String audience) {
        InvalidAccessTokenException e = assertThrows(InvalidAccessTokenException.class,
                () -> provider.verifyJwtAccessToken(token, audience));
        assertEquals("invalid_token", e.error());
        return e.reason();
    }

    @Test
    void verifyWhenKeycloakAccessTokenThenAcceptedThroughAzp() throws Exception {
        VerifiedAccessToken token = provider.verifyJwtAccessToken(op.accessTokenFor("alice"), op.clientId());

        assertEquals("sub-alice", token.subject());
        assertEquals(List.of("account"), token.audience());
        assertEquals(op.clientId(), token.authorizedParty());
        assertTrue(token.scopes().contains("openid"));
        assertTrue(token.claim("realm_access").isPresent());
    }

    @Test
    void verifyWhenAudienceIsInAudThenAccepted() throws Exception {
        assertEquals(List.of("api"), provider.verifyJwtAccessToken(op.signJwt(claims()), "api").audience());
    }

    @Test
    void verifyWhenAudienceIsNeitherAudNorAzpThenWrongAudience() {
        assertEquals(Reason.WRONG_AUDIENCE, rejection(op.signJwt(claims()), "payments"));
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenExpired() {
        String token = op.signJwt(claims());
        op.clock().advance(Duration.ofSeconds(60 + 31));
        assertEquals(Reason.EXPIRED, rejection(token, "api"));
    }

    @Test
    void verifyWhenNotBeforeIsAheadBeyondSkewThenNotYetValid() {
        Map<String, Object> claims = claims();
        claims.put("nbf", op.clock().instant().plusSeconds(31).getEpochSecond());
        assertEquals(Reason.NOT_YET_VALID, rejection(op.signJwt(claims), "api"));
    }

    @Test
    void verifyWhenOtherIssuerThenWrongIssuer() {
        Map<String, Object> claims = claims();
        claims.put("iss", op.issuer() + "-other");
        assertEquals(Reason.WRONG_ISSUER, rejection(op.signJwt(claims), "api"));
    }

    @Test
    void verifyWhenNoExpiryThenMalformed() {
        Map<String, Object> claims = claims();
        claims.remove("exp");
        assertEquals(Reason.MALFORMED, rejection(op.signJwt(claims), "api"));
    }

    @Test
    void verifyWhenAnIdTokenIsPresentedThenNotAnAccessToken() throws Exception {
        String idToken = ProviderTestSupport.loginAndExchange(op, provider, "openid").idToken();
        assertEquals(Reason.NOT_AN_ACCESS_TOKEN, rejection(idToken, op.clientId()));
    }

    @Test
    void verifyWhenARefreshTokenIsPresentedThenAlgorithmNotAllowed() throws Exception {
        String refreshToken = ProviderTestSupport.loginAndExchange(op, provider, "openid").refreshToken();
        assertEquals(Reason.ALG_NOT_ALLOWED, rejection(refreshToken, op.clientId()));
    }

    @Test
    void verifyWhenSignatureIsTamperedThenBadSignature() {
        String[] parts = op.signJwt(claims()).split("\\.");
        Map<String, Object> other = claims();
        other.put("sub", "sub-mallory");
        String forgedPayload = op.signJwt(other).split("\\.")[1];
        assertEquals(Reason.BAD_SIGNATURE, rejection(parts[0] + "." + forgedPayload + "." + parts[2], "api"));
    }

    @Test
    void verifyWhenTheHeaderIsTheJsonLiteralNullThenMalformedNotACrash() {
        // base64url("null") . base64url("{}") . base64url("{}"): nimbus itself throws a NullPointerException
        assertEquals(Reason.MALFORMED, rejection("bnVsbA.e30.e30", "api"));
        assertEquals(Reason.MALFORMED, rejection("WzFd.e30.e30", "api"));
    }

    @Test
    void verifyWhenGarbageThenMalformed() {
        assertEquals(Reason.MALFORMED, rejection("opaque-token-value", "api"));
    }
}
