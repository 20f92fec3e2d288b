package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.offlineaccess.bearer.BearerResult.Authenticated;
import dev.offlineaccess.bearer.BearerResult.Challenge;
import dev.offlineaccess.testing.TestClock;

/** The decisions of {@link BearerAuthenticator} over a stub provider; the wire-level checks are in the IT-style test. */
class BearerAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
    private static final String OPAQUE = "2YotnFZFEjr1zCsicMWpAA";
    private static final BearerPolicy POLICY = new BearerPolicy("api", "customer-portal", "customer-portal",
            "preferred_username", List.of("realm_access.roles", "resource_access.${client_id}.roles"), Set.of(),
            Duration.ofSeconds(30), 100, 100, Duration.ofSeconds(5));

    private final TestClock clock = new TestClock(NOW);
    private final StubVerifier verifier = new StubVerifier();

    private static Map<String, Object> aliceClaims() {
        return Map.of("sub", "8545ae0e", "preferred_username", "alice", "typ", "Bearer",
                "azp", "customer-portal", "scope", "openid email",
                "realm_access", Map.of("roles", List.of("user")),
                "resource_access", Map.of("customer-portal", Map.of("roles", List.of("customer"))));
    }

    private BearerAuthenticator authenticator(BearerPolicy policy) {
        return new BearerAuthenticator(policy, verifier, clock);
    }

    @Test
    void authenticateWhenJwtValidThenPrincipalRolesScopesAndClaims() {
        verifier.jwtAnswers.put(JWT, new TokenCheck.Valid(aliceClaims(), NOW.plusSeconds(60)));

        Authenticated result = assertInstanceOf(Authenticated.class, authenticator(POLICY).authenticate("Bearer " + JWT));

        assertEquals("alice", result.principal());
        assertEquals(Set.of("user", "customer"), result.roles());
        assertEquals(Set.of("openid", "email"), result.scopes());
        assertEquals(Optional.of("8545ae0e"), result.claim("sub"));
        assertThrows(UnsupportedOperationException.class, () -> result.claims().put("x", "y"));
        assertEquals(List.of("customer-portal"), verifier.audiences);
        assertEquals(List.of(), verifier.introspectionCalls);
    }

    @Test
    void authenticateWhenJwtRejectedThen401InvalidTokenWithTheProvidersDescription() {
        Challenge challenge = challenge(authenticator(POLICY).authenticate("Bearer " + JWT));

        assertEquals(401, challenge.httpStatus());
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\", "
                + "error_description=\"The access token signature is invalid\"", challenge.wwwAuthenticate());
    }

    @Test
    void authenticateWhenProviderUnavailableThen503WithRetryHintNeverValid() {
        verifier.jwtAnswers.put(JWT, new TokenCheck.Unavailable("JWKS: connection refused"));
        verifier.introspectionAnswers.put(OPAQUE, new TokenCheck.Unavailable("timeout"));
        BearerAuthenticator authenticator = authenticator(POLICY);

        for (String token : List.of(JWT, OPAQUE, OPAQUE)) {
            Challenge challenge = challenge(authenticator.authenticate("Bearer " + token));
            assertEquals(503, challenge.httpStatus());
            assertEquals(Optional.of(Duration.ofSeconds(5)), challenge.retryAfter());
            assertEquals("Bearer realm=\"api\"", challenge.wwwAuthenticate());
        }
        assertEquals(2, verifier.introspectionCalls.size(), "an unavailable answer is not cached");
    }

    @Test
    void authenticateWhenHeaderMissingThen401WithoutErrorAndNoProviderCall() {
        for (String header : Arrays.asList(null, "", "Basic dXNlcjpwYXNz")) {
            Challenge challenge = challenge(authenticator(POLICY).authenticate(header));
            assertEquals(401, challenge.httpStatus());
            assertEquals("Bearer realm=\"api\"", challenge.wwwAuthenticate());
        }
        assertEquals(List.of(), verifier.jwtCalls);
    }

    @Test
    void authenticateWhenHeaderMalformedThen400InvalidRequest() {
        Challenge challenge = challenge(authenticator(POLICY).authenticate("Bearer  " + JWT));
        assertEquals(400, challenge.httpStatus());
        assertEquals("Bearer realm=\"api\", error=\"invalid_request\", "
                + "error_description=\"Bearer must be followed by exactly one space\"", challenge.wwwAuthenticate());
        assertEquals(List.of(), verifier.jwtCalls);
    }

    @Test
    void authenticateWhenSeveralHeadersThen400InvalidRequest() {
        Challenge challenge = challenge(authenticator(POLICY).authenticate(List.of("Bearer " + JWT, "Bearer " + JWT)));
        assertEquals(400, challenge.httpStatus());
        assertEquals(Optional.of("invalid_request"), challenge.errorCode());
    }

    @Test
    void authenticateWhenKeycloakIdOrRefreshTokenThen401() {
        for (String typ : List.of("ID", "Refresh", "Offline", "Logout")) {
            Map<String, Object> claims = new HashMap<>(aliceClaims());
            claims.put("typ", typ);
            verifier.jwtAnswers.put(JWT, new TokenCheck.Valid(claims, NOW.plusSeconds(60)));
            Challenge challenge = challenge(authenticator(POLICY).authenticate("Bearer " + JWT));
            assertEquals(401, challenge.httpStatus(), typ);
            assertTrue(challenge.wwwAuthenticate().endsWith("error_description=\"The token is not an access token\""));
        }
    }

    @Test
    void authenticateWhenPrincipalClaimMissingThen401NamingTheClaim() {
        verifier.jwtAnswers.put(JWT, new TokenCheck.Valid(Map.of("sub", "x"), NOW.plusSeconds(60)));
        Challenge challenge = challenge(authenticator(POLICY).authenticate("Bearer " + JWT));
        assertEquals(401, challenge.httpStatus());
        assertTrue(challenge.wwwAuthenticate().contains("The access token has no preferred_username claim"));
    }

    @Test
    void authenticateWhenRequiredScopeMissingThen403InsufficientScope() {
        verifier.jwtAnswers.put(JWT, new TokenCheck.Valid(aliceClaims(), NOW.plusSeconds(60)));
        BearerAuthenticator authenticator = authenticator(POLICY.withRequiredScopes(Set.of("orders", "email")));

        Challenge challenge = challenge(authenticator.authenticate("Bearer " + JWT));

        assertEquals(403, challenge.httpStatus());
        assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", error_description=\"The access token "
                + "lacks a required scope\", scope=\"email orders\"", challenge.wwwAuthenticate());
        assertInstanceOf(Authenticated.class,
                authenticator(POLICY.withRequiredScopes(Set.of("email"))).authenticate("Bearer " + JWT));
    }

    @Test
    void authenticateWhenOpaqueActiveForUsThenAuthenticatedAndCached() {
        verifier.introspectionAnswers.put(OPAQUE, new TokenCheck.Valid(aliceClaims(), NOW.plusSeconds(300)));
        BearerAuthenticator authenticator = authenticator(POLICY);

        assertEquals("alice", assertInstanceOf(Authenticated.class,
                authenticator.authenticate("Bearer " + OPAQUE)).principal());
        clock.advance(Duration.ofSeconds(29));
        assertInstanceOf(Authenticated.class, authenticator.authenticate("Bearer " + OPAQUE));
        assertEquals(1, verifier.introspectionCalls.size());

        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(Authenticated.class, authenticator.authenticate("Bearer " + OPAQUE));
        assertEquals(2, verifier.introspectionCalls.size());
        assertEquals(List.of(), verifier.jwtCalls);
    }

    @Test
    void authenticateWhenOpaqueExpiresBeforeTheTtlThenAskedAgainAfterExp() {
        verifier.introspectionAnswers.put(OPAQUE, new TokenCheck.Valid(aliceClaims(), NOW.plusSeconds(10)));
        BearerAuthenticator authenticator = authenticator(POLICY);
        authenticator.authenticate("Bearer " + OPAQUE);
        verifier.introspectionAnswers.put(OPAQUE, new TokenCheck.Rejected("The access token is not active"));

        clock.advance(Duration.ofSeconds(10));
        assertEquals(401, challenge(authenticator.authenticate("Bearer " + OPAQUE)).httpStatus());
        assertEquals(2, verifier.introspectionCalls.size());
    }

    @Test
    void authenticateWhenOpaqueForAnotherAudienceThen401() {
        Map<String, Object> claims = Map.of("preferred_username", "alice", "aud", List.of("other"),
                "client_id", "other-client");
        verifier.introspectionAnswers.put(OPAQUE, new TokenCheck.Valid(claims, null));

        Challenge challenge = challenge(authenticator(POLICY).authenticate("Bearer " + OPAQUE));

        assertEquals(401, challenge.httpStatus());
        assertTrue(challenge.wwwAuthenticate().contains(OpaqueTokens.NOT_FOR_US));
    }

    @Test
    void authenticateWhenOpaqueNamesUsInAudOrClientIdThenAuthenticated() {
        verifier.introspectionAnswers.put("aud-token", new TokenCheck.Valid(
                Map.of("preferred_username", "alice", "aud", "customer-portal"), null));
        verifier.introspectionAnswers.put("client-token", new TokenCheck.Valid(
                Map.of("preferred_username", "alice", "client_id", "customer-portal"), null));
        BearerAuthenticator authenticator = authenticator(POLICY);

        assertInstanceOf(Authenticated.class, authenticator.authenticate("Bearer aud-token"));
        assertInstanceOf(Authenticated.class, authenticator.authenticate("Bearer client-token"));
    }

    @Test
    void authenticateWhenOpaqueInactiveThenRejectionCachedToo() {
        BearerAuthenticator authenticator = authenticator(POLICY);
        assertEquals(401, challenge(authenticator.authenticate("Bearer " + OPAQUE)).httpStatus());
        assertEquals(401, challenge(authenticator.authenticate("Bearer " + OPAQUE)).httpStatus());
        assertEquals(1, verifier.introspectionCalls.size());
    }

    @Test
    void authenticateWhenSharedByManyThreadsThenEveryAnswerIsRight() throws Exception {
        verifier.jwtAnswers.put(JWT, new TokenCheck.Valid(aliceClaims(), NOW.plusSeconds(60)));
        for (int i = 0; i < 50; i++) {
            verifier.introspectionAnswers.put("opaque" + i, new TokenCheck.Valid(aliceClaims(), NOW.plusSeconds(60)));
        }
        BearerAuthenticator authenticator = authenticator(new BearerPolicy("api", "customer-portal",
                "customer-portal", "preferred_username", List.of(), Set.of(), Duration.ofSeconds(30), 20,
                100, Duration.ofSeconds(5)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                workers.add(pool.submit(() -> {
                    int admitted = 0;
                    for (int i = 0; i < 2_000; i++) {
                        int n = (i * 7 + seed) % 60;   // 50 active opaque tokens, 10 unknown ones
                        BearerResult jwt = authenticator.authenticate("Bearer " + JWT);
                        BearerResult opaque = authenticator.authenticate("Bearer opaque" + n);
                        admitted += jwt instanceof Authenticated ? 1 : 0;
                        if ((opaque instanceof Authenticated) != (n < 50)) {
                            throw new AssertionError("wrong answer for opaque" + n + ": " + opaque);
                        }
                    }
                    return admitted;
                }));
            }
            for (Future<Integer> worker : workers) {
                assertEquals(2_000, worker.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void authenticatedToStringShowsNoClaimValues() {
        verifier.jwtAnswers.put(JWT, new TokenCheck.Valid(aliceClaims(), NOW.plusSeconds(60)));
        String text = authenticator(POLICY).authenticate("Bearer " + JWT).toString();
        assertTrue(text.contains("principal=alice"));
        assertTrue(!text.contains("8545ae0e") && !text.contains(JWT), text);
    }

    @Test
    void policyFromSettingsDefaultsAudienceAndRealmToTheClientId() {
        BearerPolicy policy = BearerPolicy.from(TestSettings.settings(null));
        assertEquals("customer-portal", policy.audience());
        assertEquals("customer-portal", policy.realm());
        assertEquals("preferred_username", policy.principalClaim());
        assertEquals(Duration.ofSeconds(30), policy.introspectionCacheTtl());
        assertEquals("api", BearerPolicy.from(TestSettings.settings("api")).audience());
    }

    private static Challenge challenge(BearerResult result) {
        return assertInstanceOf(Challenge.class, result);
    }
}
