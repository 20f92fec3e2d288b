package dev.offlineaccess.provider;

import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.Fault;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static dev.offlineaccess.provider.ProviderTestSupport.REDIRECT_URI;
import static dev.offlineaccess.provider.ProviderTestSupport.browserLogin;
import static dev.offlineaccess.provider.ProviderTestSupport.loginAndExchange;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Code exchange, refresh and revocation against the fake provider. */
class TokenEndpointTest {
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

    @Test
    void exchangeCodeWhenOfflineAccessGrantedThenOfflineTokensParsed() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");

        assertTrue(tokens.isOfflineGrant());
        assertEquals("Offline", tokens.refreshTokenType());
        assertNull(tokens.refreshExpiresAt(), "refresh_expires_in 0 means no expiry");
        assertEquals(op.clock().instant().plusSeconds(60), tokens.accessTokenExpiresAt());
        assertEquals(Set.of("openid", "offline_access", "profile", "email"), tokens.scopes());
        assertNotNull(tokens.idToken());
        RecordedRequest request = op.lastRequest(Endpoint.TOKEN).orElseThrow();
        assertEquals("client_secret_basic", request.clientAuth());
        assertEquals("authorization_code", request.param("grant_type"));
        assertEquals(REDIRECT_URI.toString(), request.param("redirect_uri"));
        assertNotNull(request.param("code_verifier"));
    }

    @Test
    void exchangeCodeWhenOnlineLoginThenRefreshTokenExpires() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid");

        assertFalse(tokens.isOfflineGrant());
        assertEquals("Refresh", tokens.refreshTokenType());
        assertEquals(op.clock().instant().plus(Duration.ofMinutes(30)), tokens.refreshExpiresAt());
    }

    @Test
    void exchangeCodeWhenUserMayNotHaveOfflineTokensThenKeycloaksNotAllowedComesThroughVerbatim() {
        op.addUserWithoutOfflineAccess("bob");
        op.nextLogin("bob");
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class,
                () -> loginAndExchange(op, provider, "openid offline_access"));
        assertTrue(e.error().is("not_allowed"));
        assertEquals("Offline tokens not allowed for the user or client", e.error().description());
        assertEquals(400, e.error().httpStatus());
    }

    @Test
    void exchangeCodeWhenCodeIsReplayedThenInvalidGrant() throws Exception {
        ProviderTestSupport.Login login = browserLogin(op, provider, "openid");
        provider.exchangeCode(login.code(), REDIRECT_URI, login.verifier());
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class,
                () -> provider.exchangeCode(login.code(), REDIRECT_URI, login.verifier()));
        assertEquals(new ProviderError(400, "invalid_grant", "Code not valid"), e.error());
        assertFalse(e.getMessage().contains(login.code()), "the code must not appear in the message");
    }

    @Test
    void exchangeCodeWhenVerifierIsWrongThenPkceFailure() throws Exception {
        ProviderTestSupport.Login login = browserLogin(op, provider, "openid");
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class, () -> provider.exchangeCode(
                login.code(), REDIRECT_URI, new com.nimbusds.oauth2.sdk.pkce.CodeVerifier().getValue()));
        assertEquals("PKCE verification failed: Code mismatch", e.error().description());
    }

    @Test
    void exchangeCodeWhenProviderListsOnlyClientSecretPostThenPostIsUsed() throws Exception {
        op.tokenEndpointAuthMethods("client_secret_post");
        loginAndExchange(op, provider, "openid");
        assertEquals("client_secret_post", op.lastRequest(Endpoint.TOKEN).orElseThrow().clientAuth());
    }

    @Test
    void exchangeCodeWhenPublicClientThenOnlyClientIdIsSent() throws Exception {
        try (FakeOpenIdProvider publicOp = FakeOpenIdProvider.builder().publicClient().start()) {
            publicOp.addUser("alice");
            OidcProvider client = ProviderTestSupport.providerFor(publicOp);
            assertTrue(loginAndExchange(publicOp, client, "openid offline_access").isOfflineGrant());
            RecordedRequest request = publicOp.lastRequest(Endpoint.TOKEN).orElseThrow();
            assertEquals("none", request.clientAuth());
            assertEquals(publicOp.clientId(), request.param("client_id"));
        }
    }

    @Test
    void refreshWhenWrongClientSecretThenUnauthorizedClient() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        OidcProvider wrongSecret = new OidcProvider(new ClientSettings(op.issuer(), op.clientId(),
                new dev.offlineaccess.config.Secret("wrong")), ProviderTestSupport.http(), Set.of("RS256"),
                op.clock());
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class,
                () -> wrongSecret.refresh(tokens.refreshToken(), null));
        assertEquals(new ProviderError(401, "unauthorized_client", "Invalid client or Invalid client credentials"),
                e.error());
    }

    @Test
    void refreshWithoutRotationThenNewTokensAndTheOldRefreshTokenStillWorks() throws Exception {
        IssuedTokens first = loginAndExchange(op, provider, "openid offline_access");
        IssuedTokens second = provider.refresh(first.refreshToken(), null);
        IssuedTokens third = provider.refresh(first.refreshToken(), null);

        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertTrue(second.isOfflineGrant() && third.isOfflineGrant());
        assertNotNull(second.idToken());
        assertEquals("refresh_token", op.lastRequest(Endpoint.TOKEN).orElseThrow().param("grant_type"));
    }

    @Test
    void refreshWithRotationThenReplayOfTheOldTokenIsRejectedAndKillsTheGrant() throws Exception {
        op.rotation(true);
        IssuedTokens first = loginAndExchange(op, provider, "openid offline_access");
        IssuedTokens second = provider.refresh(first.refreshToken(), null);

        ProviderRejectedException replay = assertThrows(ProviderRejectedException.class,
                () -> provider.refresh(first.refreshToken(), null));
        assertEquals("Maximum allowed refresh token reuse exceeded", replay.error().description());
        ProviderRejectedException newest = assertThrows(ProviderRejectedException.class,
                () -> provider.refresh(second.refreshToken(), null));
        assertEquals("Session doesn't have required client", newest.error().description());
    }

    @Test
    void refreshWithNarrowerScopeThenTheScopeIsSentAndGranted() throws Exception {
        IssuedTokens first = loginAndExchange(op, provider, "openid offline_access");
        IssuedTokens narrower = provider.refresh(first.refreshToken(), Set.of("openid", "offline_access"));
        assertEquals(Set.of("openid", "offline_access", "profile", "email"), narrower.scopes());
        assertNotNull(op.lastRequest(Endpoint.TOKEN).orElseThrow().param("scope"));
    }

    @Test
    void revokeRefreshTokenWhenValidThenGrantEndsWithKeycloaksError() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        provider.revokeRefreshToken(tokens.refreshToken());

        RecordedRequest request = op.lastRequest(Endpoint.REVOCATION).orElseThrow();
        assertEquals("refresh_token", request.param("token_type_hint"));
        assertEquals("client_secret_basic", request.clientAuth());
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class,
                () -> provider.refresh(tokens.refreshToken(), null));
        assertEquals("Offline user session not found", e.error().description());
    }

    @Test
    void revokeRefreshTokenWhenAlreadyRevokedThen200WithErrorBodyCountsAsDone() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        provider.revokeRefreshToken(tokens.refreshToken());
        assertDoesNotThrow(() -> provider.revokeRefreshToken(tokens.refreshToken()));
        assertEquals(2, op.requestCount(Endpoint.REVOCATION));
    }

    @Test
    void revokeRefreshTokenWhen503ThenUnavailable() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        op.fail(Endpoint.REVOCATION, Fault.HTTP_503);
        assertThrows(ProviderUnavailableException.class, () -> provider.revokeRefreshToken(tokens.refreshToken()));
        op.heal();
        assertTrue(provider.refresh(tokens.refreshToken(), null).isOfflineGrant(), "nothing was revoked");
    }

    @Test
    void revokeRefreshTokenWhenClientSecretIsWrongThenRejected() throws Exception {
        IssuedTokens tokens = loginAndExchange(op, provider, "openid offline_access");
        OidcProvider wrongSecret = new OidcProvider(new ClientSettings(op.issuer(), op.clientId(),
                new dev.offlineaccess.config.Secret("wrong")), ProviderTestSupport.http(), Set.of("RS256"),
                op.clock());
        assertEquals("unauthorized_client", assertThrows(ProviderRejectedException.class,
                () -> wrongSecret.revokeRefreshToken(tokens.refreshToken())).error().code());
    }
}
