package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.nimbusds.jwt.JWTClaimsSet;

import dev.offlineaccess.bearer.BearerResult.Authenticated;
import dev.offlineaccess.bearer.BearerResult.Challenge;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.TestClock;

/**
 * The real {@link OidcProvider} against the in-JVM fake provider, and a {@link BearerAuthenticator} over it: one
 * fresh provider per test, sharing a hand-moved clock.
 */
abstract class FakeProviderFixture {
    static final String REALM = "Bearer realm=\"customer-portal\"";

    final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    FakeOpenIdProvider op;
    BearerAuthenticator bearer;

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

    BearerAuthenticator authenticator(OidcSettings settings) {
        return BearerAuthenticator.create(settings, OidcProvider.create(settings, clock), clock);
    }

    /**
     * An active token the resource server cannot parse as a JWT. The fake provider only issues JWTs; with base64
     * padding appended, a JWT is no compact JWS to {@link BearerHeader.Token#looksLikeJwt()} (so it takes the opaque
     * path), while the provider's introspection still recognises it.
     */
    String opaqueFor(String username) {
        String token = op.accessTokenFor(username) + "==";
        assertTrue(!new BearerHeader.Token(token).looksLikeJwt());
        return token;
    }

    Map<String, Object> claims(String audience, String azp) {
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

    JWTClaimsSet claimsSet() {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims("customer-portal", "customer-portal").forEach(builder::claim);
        return builder.build();
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Authenticated authenticated(BearerResult result) {
        return assertInstanceOf(Authenticated.class, result);
    }

    static Challenge assertInvalidToken(BearerResult result, String description) {
        Challenge challenge = assertInstanceOf(Challenge.class, result);
        assertEquals(401, challenge.httpStatus());
        assertEquals(REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"",
                challenge.wwwAuthenticate());
        return challenge;
    }

    static void assertUnavailable(BearerResult result) {
        Challenge challenge = assertInstanceOf(Challenge.class, result);
        assertEquals(503, challenge.httpStatus());
        assertEquals(REALM, challenge.wwwAuthenticate());
        assertEquals(Optional.of(BearerPolicy.DEFAULT_RETRY_AFTER), challenge.retryAfter());
    }

    static void assertNotAuthenticated(BearerResult result) {
        Challenge challenge = assertInstanceOf(Challenge.class, result);
        assertTrue(challenge.httpStatus() == 401 || challenge.httpStatus() == 400, challenge::wwwAuthenticate);
    }
}
