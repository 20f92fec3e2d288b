package dev.offlineaccess.login;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Prompt;
import dev.offlineaccess.config.OfflineAccessMode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizationRequestsTest {
    private static final URI ENDPOINT = URI.create("https://op.example/auth");
    private static final URI CALLBACK = URI.create("https://app.example/ctx/oidc-callback");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private AuthorizationRequests requests(OfflineAccessMode mode, boolean promptConsent) {
        return new AuthorizationRequests("portal", TestSettings.login(mode, promptConsent), clock);
    }

    private static AuthenticationRequest parse(LoginStart start) throws Exception {
        return AuthenticationRequest.parse(start.authorizationUri());
    }

    @Test
    void startWhenPlainLoginThenCodeFlowWithPkceStateNonceAndOpenidScope() throws Exception {
        LoginStart start = requests(OfflineAccessMode.ON_DEMAND, true)
                .start(ENDPOINT, CALLBACK, "/ctx/page", LoginParameters.none());
        AuthenticationRequest request = parse(start);

        assertEquals(ENDPOINT, request.getEndpointURI());
        assertEquals(new ResponseType(ResponseType.Value.CODE), request.getResponseType());
        assertEquals("portal", request.getClientID().getValue());
        assertEquals(CALLBACK, request.getRedirectionURI());
        assertEquals(new Scope("openid", "profile", "email"), request.getScope());
        assertEquals(CodeChallengeMethod.S256, request.getCodeChallengeMethod());
        assertEquals(CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(start.pending().codeVerifier())),
                request.getCodeChallenge());
        assertEquals(start.pending().state(), request.getState().getValue());
        assertEquals(start.pending().nonce(), request.getNonce().getValue());
        assertNull(request.getPrompt());
        assertFalse(start.pending().offlineRequested());
        assertEquals("/ctx/page", start.pending().returnPath());
        assertEquals(CALLBACK, start.pending().redirectUri());
        assertEquals(NOW, start.pending().createdAt());
    }

    @Test
    void startWhenCalledTwiceThenStateNonceAndVerifierAreFreshAndLongEnough() throws Exception {
        AuthorizationRequests requests = requests(OfflineAccessMode.ON_DEMAND, true);
        PendingLogin first = requests.start(ENDPOINT, CALLBACK, "/", LoginParameters.none()).pending();
        PendingLogin second = requests.start(ENDPOINT, CALLBACK, "/", LoginParameters.none()).pending();
        assertNotEquals(first.state(), second.state());
        assertNotEquals(first.nonce(), second.nonce());
        assertNotEquals(first.codeVerifier(), second.codeVerifier());
        assertTrue(first.state().length() >= 32);
        assertTrue(first.codeVerifier().length() >= 43);
    }

    @Test
    void startWhenOfflineRequestedOnDemandThenOfflineScopeAndConsentPrompt() throws Exception {
        LoginParameters parameters = LoginParameters.from(Map.of("scope", List.of("offline_access")));
        LoginStart start = requests(OfflineAccessMode.ON_DEMAND, true).start(ENDPOINT, CALLBACK, "/", parameters);
        AuthenticationRequest request = parse(start);
        assertTrue(request.getScope().contains("offline_access"));
        assertTrue(request.getScope().contains("openid"));
        assertEquals(new ResponseType(ResponseType.Value.CODE), request.getResponseType());
        assertEquals(Prompt.parse("consent"), request.getPrompt());
        assertTrue(start.pending().offlineRequested());
    }

    @Test
    void startWhenOfflineRequestedWithoutPromptConsentSettingThenNoPrompt() throws Exception {
        LoginParameters parameters = LoginParameters.from(Map.of("scope", List.of("offline_access")));
        AuthenticationRequest request = parse(requests(OfflineAccessMode.ON_DEMAND, false)
                .start(ENDPOINT, CALLBACK, "/", parameters));
        assertTrue(request.getScope().contains("offline_access"));
        assertNull(request.getPrompt());
    }

    @Test
    void startWhenOfflineRequestedWithPromptLoginThenBothPromptValues() throws Exception {
        LoginParameters parameters = LoginParameters.from(Map.of("scope", List.of("offline_access"),
                "prompt", List.of("login")));
        AuthenticationRequest request = parse(requests(OfflineAccessMode.ON_DEMAND, true)
                .start(ENDPOINT, CALLBACK, "/", parameters));
        assertEquals(Prompt.parse("login consent"), request.getPrompt());
    }

    @Test
    void startWhenOfflineRequestedWithPromptNoneThenInvalidParameter() throws Exception {
        LoginParameters parameters = LoginParameters.from(Map.of("scope", List.of("offline_access"),
                "prompt", List.of("none")));
        LoginException e = assertThrows(LoginException.class, () -> requests(OfflineAccessMode.ON_DEMAND, true)
                .start(ENDPOINT, CALLBACK, "/", parameters));
        assertEquals(LoginFailure.INVALID_LOGIN_PARAMETER, e.error().failure());
    }

    @Test
    void startWhenModeNeverThenOfflineParameterIgnored() throws Exception {
        LoginParameters parameters = LoginParameters.from(Map.of("scope", List.of("offline_access")));
        LoginStart start = requests(OfflineAccessMode.NEVER, true).start(ENDPOINT, CALLBACK, "/", parameters);
        assertFalse(parse(start).getScope().contains("offline_access"));
        assertNull(parse(start).getPrompt());
        assertFalse(start.pending().offlineRequested());
    }

    @Test
    void startWhenModeAlwaysThenOfflineWithoutParameter() throws Exception {
        LoginStart start = requests(OfflineAccessMode.ALWAYS, true).start(ENDPOINT, CALLBACK, "/",
                LoginParameters.none());
        assertTrue(parse(start).getScope().contains("offline_access"));
        assertTrue(start.pending().offlineRequested());
    }

    @Test
    void startForwardsLoginHintMaxAgeAndUiLocales() throws Exception {
        LoginParameters parameters = LoginParameters.from(Map.of("login_hint", List.of("alice"),
                "max_age", List.of("60"), "ui_locales", List.of("de fr-CA")));
        LoginStart start = requests(OfflineAccessMode.ON_DEMAND, true).start(ENDPOINT, CALLBACK, "/", parameters);
        AuthenticationRequest request = parse(start);
        assertEquals("alice", request.getLoginHint());
        assertEquals(60, request.getMaxAge());
        assertEquals("de", request.getUILocales().get(0).toString());
        assertEquals("fr-CA", request.getUILocales().get(1).toString());
        assertEquals(60, start.pending().maxAge());
    }

    @Test
    void startWhenEndpointHasQueryThenItIsKept() throws Exception {
        URI endpoint = URI.create("https://op.example/auth?tenant=a");
        LoginStart start = requests(OfflineAccessMode.ON_DEMAND, true).start(endpoint, CALLBACK, "/",
                LoginParameters.none());
        assertTrue(start.authorizationUri().getQuery().contains("tenant=a"), start.authorizationUri().toString());
        assertTrue(start.authorizationUri().getQuery().contains("response_type=code"));
    }

    @Test
    void pendingLoginToStringShowsNoSecret() throws Exception {
        PendingLogin pending = requests(OfflineAccessMode.ON_DEMAND, true)
                .start(ENDPOINT, CALLBACK, "/", LoginParameters.none()).pending();
        String text = pending.toString();
        assertFalse(text.contains(pending.state()));
        assertFalse(text.contains(pending.nonce()));
        assertFalse(text.contains(pending.codeVerifier()));
    }
}
