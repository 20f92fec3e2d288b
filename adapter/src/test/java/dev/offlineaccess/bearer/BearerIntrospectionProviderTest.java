package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.offlineaccess.bearer.BearerResult.Authenticated;
import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.Fault;

/** Opaque tokens by introspection, provider outages and hostile tokens, through the real provider facade. */
class BearerIntrospectionProviderTest extends FakeProviderFixture {

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
                "preferred_username", List.of(), Set.of(), Duration.ZERO, 10, 10, Duration.ofSeconds(5));
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
}
