package dev.offlineaccess.provider;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static dev.offlineaccess.provider.ProviderTestSupport.loginAndExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake provider itself behaves like the measured Keycloak 26 (see the research notes). */
class FakeOpenIdProviderTest {
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

    private ProviderError refreshError(String refreshToken) {
        return assertThrows(ProviderRejectedException.class, () -> provider.refresh(refreshToken, null)).error();
    }

    @Test
    void offlineTokenIsTypedOfflineWithoutExpiryLikeKeycloak() throws Exception {
        Map<String, Object> answer = op.passwordGrant("alice", "openid offline_access");
        JWTClaimsSet refresh = JWTParser.parse((String) answer.get("refresh_token")).getJWTClaimsSet();

        assertEquals(0, ((Number) answer.get("refresh_expires_in")).intValue());
        assertEquals("Offline", refresh.getClaim("typ"));
        assertNull(refresh.getExpirationTime());
        assertEquals("HS512", JWTParser.parse((String) answer.get("refresh_token")).getHeader().getAlgorithm()
                .getName());
    }

    @Test
    void rotationReuseKillsTheWholeGrantWithKeycloaksErrorStrings() throws Exception {
        op.rotation(true);
        IssuedTokens first = loginAndExchange(op, provider, "openid offline_access");
        IssuedTokens second = provider.refresh(first.refreshToken(), null);

        ProviderError reuse = refreshError(first.refreshToken());
        ProviderError newest = refreshError(second.refreshToken());

        assertEquals(new ProviderError(400, "invalid_grant", "Maximum allowed refresh token reuse exceeded"), reuse);
        assertEquals(new ProviderError(400, "invalid_grant", "Session doesn't have required client"), newest);
        assertEquals(Set.of(), op.validRefreshTokens("alice"));
        assertEquals(0, op.offlineSessionCount("alice"));
    }

    @Test
    void rotationChainWorksWhenEveryTokenIsUsedOnce() throws Exception {
        op.rotation(true);
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        for (int i = 0; i < 5; i++) {
            tokens = provider.refresh(tokens.refreshToken(), null);
        }
        assertEquals(Set.of(tokens.refreshToken()), op.validRefreshTokens("alice"));
        assertEquals(5, op.refreshCount("alice"));
    }

    @Test
    void withoutRotationOldRefreshTokensStayValid() throws Exception {
        IssuedTokens first = loginAndExchange(op, provider, "openid offline_access");
        IssuedTokens second = provider.refresh(first.refreshToken(), null);
        provider.refresh(first.refreshToken(), null);

        assertTrue(op.validRefreshTokens("alice").containsAll(Set.of(first.refreshToken(), second.refreshToken())));
        assertEquals(2, op.successfulRefreshCount());
    }

    @Test
    void adminActionsGiveKeycloaksExactErrors() throws Exception {
        assertAdminError(o -> o.revokeOfflineSessions("alice"), "invalid_grant", "Offline user session not found");
        assertAdminError(o -> o.logoutUser("alice"), "invalid_grant", "Stale token");
        assertAdminError(o -> o.disableUser("alice"), "invalid_grant", "User disabled");
        assertAdminError(o -> o.revokeConsent("alice"), "invalid_scope",
                "Client no longer has requested consent from user");
        assertAdminError(o -> o.removeOfflineRole("alice"), "invalid_grant",
                "Offline session invalid because offline access not granted anymore");
        assertAdminError(o -> o.clock().advance(Duration.ofDays(31)), "invalid_grant", "Offline session not active");
    }

    private void assertAdminError(Consumer<FakeOpenIdProvider> action, String error, String description)
            throws Exception {
        try (FakeOpenIdProvider fresh = FakeOpenIdProvider.start()) {
            fresh.addUser("alice");
            OidcProvider client = ProviderTestSupport.providerFor(fresh);
            IssuedTokens tokens = loginAndExchange(fresh, client, "openid offline_access");
            action.accept(fresh);
            ProviderError actual = assertThrows(ProviderRejectedException.class,
                    () -> client.refresh(tokens.refreshToken(), null)).error();
            assertEquals(new ProviderError(400, error, description), actual);
        }
    }

    @Test
    void userWithoutOfflineRoleGetsNotAllowed() {
        op.addUserWithoutOfflineAccess("bob");
        op.nextLogin("bob");
        ProviderError error = assertThrows(ProviderRejectedException.class,
                () -> loginAndExchange(op, provider, "openid offline_access")).error();
        assertEquals(new ProviderError(400, "not_allowed", "Offline tokens not allowed for the user or client"),
                error);
    }

    @Test
    void stoppedProviderRefusesConnectionsAndRestartsOnTheSamePortWithItsState() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        int port = op.port();
        op.stop();
        assertThrows(ProviderUnavailableException.class, () -> provider.refresh(tokens.refreshToken(), null));
        op.restart();
        assertEquals(port, op.port());
        assertTrue(provider.refresh(tokens.refreshToken(), null).isOfflineGrant());
    }

    @Test
    void hundredConcurrentRefreshesAreAllServedAndCounted() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<IssuedTokens>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                results.add(pool.submit(() -> provider.refresh(tokens.refreshToken(), null)));
            }
            for (Future<IssuedTokens> result : results) {
                assertTrue(result.get().isOfflineGrant());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(100, op.refreshCount("alice"));
        assertEquals(100, op.successfulRefreshCount());
        assertEquals(0, op.failedRefreshCount());
        assertEquals(101, op.requestCount(Endpoint.TOKEN));
    }

    @Test
    void recordedRequestsMaskSecretsInToString() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        provider.refresh(tokens.refreshToken(), null);
        var recorded = op.lastRequest(Endpoint.TOKEN).orElseThrow();

        assertEquals("refresh_token", recorded.param("grant_type"));
        assertEquals("client_secret_basic", recorded.clientAuth());
        assertFalse(recorded.toString().contains(tokens.refreshToken()));
    }
}
