package dev.offlineaccess.provider;

import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.Fault;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.offlineaccess.provider.ProviderTestSupport.loginAndExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserInfoAndIntrospectionTest {
    private FakeOpenIdProvider op;
    private OidcProvider provider;
    private IssuedTokens tokens;

    @BeforeEach
    void start() throws Exception {
        op = FakeOpenIdProvider.start();
        op.addUser("alice");
        provider = ProviderTestSupport.providerFor(op);
        tokens = loginAndExchange(op, provider, "openid offline_access");
    }

    @AfterEach
    void stop() {
        op.close();
    }

    @Test
    void userInfoWhenSubjectMatchesThenClaimsAreReturnedImmutable() throws Exception {
        Map<String, Object> claims = provider.userInfo(tokens.accessToken(), "sub-alice");
        assertEquals("alice@example.test", claims.get("email"));
        assertEquals("alice", claims.get("preferred_username"));
        assertEquals("bearer", op.lastRequest(Endpoint.USERINFO).orElseThrow().clientAuth());
        assertThrows(UnsupportedOperationException.class, () -> claims.put("sub", "x"));
    }

    @Test
    void userInfoWhenSubjectDiffersThenRejectedAsSubjectMismatch() {
        op.userInfoSubjectMismatch(true);
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class,
                () -> provider.userInfo(tokens.accessToken(), "sub-alice"));
        assertEquals(OidcProvider.USERINFO_SUBJECT_MISMATCH, e.error().code());
    }

    @Test
    void userInfoWhenTokenIsExpiredThenRejectedWithTheBearerChallengesError() {
        op.clock().advance(Duration.ofMinutes(5));
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class,
                () -> provider.userInfo(tokens.accessToken(), "sub-alice"));
        assertEquals(new ProviderError(401, "invalid_token", "Token verification failed"), e.error());
    }

    @Test
    void userInfoWhenProviderAnswersHtmlThenUnavailable() {
        op.fail(Endpoint.USERINFO, Fault.HTML_BODY);
        assertThrows(ProviderUnavailableException.class, () -> provider.userInfo(tokens.accessToken(), "sub-alice"));
    }

    @Test
    void introspectWhenTokenIsActiveThenTheAnswerIsParsed() throws Exception {
        IntrospectionResult result = provider.introspect(tokens.accessToken());

        assertTrue(result.active());
        assertEquals("sub-alice", result.subject());
        assertEquals("alice", result.username());
        assertEquals(op.clientId(), result.clientId());
        assertEquals(op.issuer().toString(), result.issuer());
        assertTrue(result.scopes().contains("offline_access"));
        assertEquals(tokens.accessTokenExpiresAt(), result.expiresAt());
        assertEquals("client_secret_basic", op.lastRequest(Endpoint.INTROSPECTION).orElseThrow().clientAuth());
    }

    @Test
    void introspectWhenGrantWasRevokedThenInactive() throws Exception {
        provider.revokeRefreshToken(tokens.refreshToken());
        IntrospectionResult result = provider.introspect(tokens.accessToken());
        assertFalse(result.active());
        assertEquals(IntrospectionResult.inactive(), result);
    }

    @Test
    void introspectWhenTokenExpiredThenInactive() throws Exception {
        op.clock().advance(Duration.ofMinutes(2));
        assertFalse(provider.introspect(tokens.accessToken()).active());
    }

    @Test
    void introspectWhenProviderFailsThenUnavailable() {
        op.fail(Endpoint.INTROSPECTION, Fault.MALFORMED_JSON);
        assertThrows(ProviderUnavailableException.class, () -> provider.introspect(tokens.accessToken()));
    }
}
