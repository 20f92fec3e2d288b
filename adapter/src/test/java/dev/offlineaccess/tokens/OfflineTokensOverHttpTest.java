package dev.offlineaccess.tokens;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service over real HTTP: {@link OidcProvider} against the Keycloak-like {@link FakeOpenIdProvider}. */
class OfflineTokensOverHttpTest {
    private static final URI REDIRECT = URI.create("http://localhost:8080/app/oidc-callback");
    private static final HttpSettings HTTP = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    private final FakeOpenIdProvider op = FakeOpenIdProvider.builder().rotation(true).start();
    private final InMemoryGrantStore store = new InMemoryGrantStore();
    private final TokenCipher cipher = TokenFixture.cipher("k1");
    private final OidcProvider provider = new OidcProvider(op.clientSettings(), HTTP, Set.of("RS256"), op.clock());
    private final OfflineTokenService service = node(op.clientSettings());

    @AfterEach
    void stopProvider() {
        op.close();
    }

    @Test
    void loginThenTwoNodesManyThreadsRefreshOnceOverHttpWithRotation() throws Exception {
        GrantKey key = login("alice");
        OfflineTokenService nodeB = node(op.clientSettings());
        op.clock().advance(Duration.ofSeconds(61));

        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                OfflineTokenService node = i % 2 == 0 ? service : nodeB;
                calls.add(pool.submit(() -> node.accessToken("alice").value()));
            }
            Set<String> tokens = new java.util.HashSet<>();
            for (Future<String> call : calls) {
                tokens.add(call.get(20, TimeUnit.SECONDS));
            }
            assertEquals(1, tokens.size());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }

        assertEquals(1, op.successfulRefreshCount());
        assertEquals(0, op.failedRefreshCount());
        assertEquals(Set.of(cipher.open(store.find(key).orElseThrow().refreshToken(), key)),
                op.validRefreshTokens("alice"));
        assertEquals(1, op.offlineSessionCount("alice"));
    }

    @Test
    void importedTokenWorksAndAUserDisabledAtTheProviderRevokesTheRow() {
        op.addUser("svc");
        String offline = (String) op.passwordGrant("svc", "openid offline_access").get("refresh_token");

        GrantInfo info = service.importToken("svc", offline);

        assertEquals(new GrantKey(op.issuer().toString(), op.clientId(), "sub-svc"), info.key());
        assertEquals(1, op.successfulRefreshCount());
        op.disableUser("svc");
        op.clock().advance(Duration.ofSeconds(61));
        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> service.accessToken("svc"));
        assertEquals("User disabled", e.errorDescription());
        assertEquals(GrantStatus.REVOKED, store.find(info.key()).orElseThrow().status());
    }

    @Test
    void consentWithdrawnIsInvalidScopeAndRevokesTheRow() {
        GrantKey key = login("alice");
        op.revokeConsent("alice");
        op.clock().advance(Duration.ofSeconds(61));

        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> service.accessToken("alice"));

        assertEquals("invalid_scope", e.error());
        assertEquals("Client no longer has requested consent from user", e.errorDescription());
        assertEquals("invalid_scope", store.find(key).orElseThrow().revokedError());
    }

    @Test
    void providerDownOrAnswering503LeavesTheRowAndWorksAgainAfterwards() {
        GrantKey key = login("alice");
        StoredGrant before = store.find(key).orElseThrow();
        op.clock().advance(Duration.ofSeconds(61));

        op.stop();
        assertThrows(ProviderTemporarilyUnavailableException.class, () -> service.accessToken("alice"));
        op.restart();
        op.fail(Endpoint.TOKEN, Fault.HTTP_503);
        assertThrows(ProviderTemporarilyUnavailableException.class, () -> service.accessToken("alice"));
        op.fail(Endpoint.TOKEN, Fault.HTML_BODY);
        assertThrows(ProviderTemporarilyUnavailableException.class, () -> service.accessToken("alice"));

        assertEquals(before, store.find(key).orElseThrow());
        op.heal();
        assertTrue(service.accessToken("alice").expiresAt().isAfter(op.clock().instant()));
        assertEquals(1, op.offlineSessionCount("alice"));
    }

    @Test
    void wrongClientSecretIsClientMisconfiguredAndLeavesTheRow() {
        GrantKey key = login("alice");
        StoredGrant before = store.find(key).orElseThrow();
        ClientSettings wrong = new ClientSettings(op.issuer(), op.clientId(), new Secret("not-the-secret"));
        OfflineTokenService misconfigured = OfflineTokenService.builder().client(wrong)
                .tokenEndpoint(new OidcProvider(wrong, HTTP, Set.of("RS256"), op.clock())).store(store)
                .cipher(cipher).clock(op.clock()).build();
        op.clock().advance(Duration.ofSeconds(61));

        ClientMisconfiguredException e = assertThrows(ClientMisconfiguredException.class,
                () -> misconfigured.accessToken("alice"));

        assertTrue(Set.of("unauthorized_client", "invalid_client").contains(e.error()), e.error());
        assertEquals(before, store.find(key).orElseThrow());
    }

    @Test
    void revokeEndsTheOfflineSessionAtTheProvider() {
        GrantKey key = login("alice");

        service.revoke("alice");

        assertEquals(0, op.offlineSessionCount("alice"));
        StoredGrant row = store.find(key).orElseThrow();
        assertEquals(GrantStatus.REVOKED, row.status());
        assertEquals("revoked_by_application", row.revokedError());
    }

    @Test
    void keepAliveKeepsAGrantAlivePastTheProvidersIdleTimeout() {
        op.offlineIdleTimeout(Duration.ofDays(30));
        GrantKey key = login("alice");
        KeepAlive keepAlive = service.keepAlive(new KeepAliveSettings(true, Duration.ofDays(30), 2.0 / 3,
                Duration.ofHours(1)));

        for (int period = 0; period < 4; period++) {
            op.clock().advance(Duration.ofDays(21));
            KeepAliveReport report = keepAlive.runOnce();
            assertEquals(1, report.refreshed(), "refreshed every 21 days, period " + period);
        }
        assertEquals(GrantStatus.ACTIVE, store.find(key).orElseThrow().status(), "84 days, still alive");

        op.clock().advance(Duration.ofDays(31));
        OfflineGrantRevokedException idle = assertThrows(OfflineGrantRevokedException.class,
                () -> service.accessToken("alice"));
        assertEquals("Offline session not active", idle.errorDescription(), "without keep-alive it expires");
    }

    private OfflineTokenService node(ClientSettings client) {
        return OfflineTokenService.builder().client(client).tokenEndpoint(provider).store(store).cipher(cipher)
                .clock(op.clock()).clockSkew(HTTP.clockSkew()).build();
    }

    /**
     * A new user's browser login with offline access and the code exchange; the grant is stored as the login filter
     * does.
     */
    private GrantKey login(String username) {
        op.addUser(username);
        op.nextLogin(username);
        try {
            CodeVerifier verifier = new CodeVerifier();
            AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE,
                    Scope.parse("openid offline_access"), new ClientID(op.clientId()), REDIRECT)
                    .endpointURI(provider.endpoints().authorizationEndpoint()).state(new State())
                    .nonce(new Nonce()).codeChallenge(verifier, CodeChallengeMethod.S256).build();
            String code = op.authorize(request.toURI()).code();
            IssuedTokens issued = provider.exchangeCode(code, REDIRECT, verifier.getValue());
            assertTrue(issued.isOfflineGrant());
            GrantKey key = service.grantKey("sub-" + username);
            service.storeFromLogin(key, username, issued);
            return key;
        } catch (dev.offlineaccess.provider.ProviderUnavailableException
                 | dev.offlineaccess.provider.ProviderRejectedException e) {
            throw new AssertionError("login failed", e);
        }
    }
}
