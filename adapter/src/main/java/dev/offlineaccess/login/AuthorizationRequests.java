package dev.offlineaccess.login;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.Prompt;
import dev.offlineaccess.config.LoginSettings;
import dev.offlineaccess.config.OfflineAccessMode;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;

/**
 * Builds OpenID Connect authentication requests (authorization-code flow): {@code response_type=code}, PKCE with
 * S256, a fresh {@code state} and {@code nonce}, the configured scopes plus {@code openid}, and
 * {@code offline_access} by the configured mode. A request for offline access also carries {@code prompt=consent}
 * when so configured, as OIDC Core section 11 asks. Thread-safe; arguments must not be {@code null} unless stated.
 */
public final class AuthorizationRequests {
    private final String clientId;
    private final LoginSettings settings;
    private final Clock clock;

    public AuthorizationRequests(String clientId, LoginSettings settings, Clock clock) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts a sign-in.
     *
     * @param authorizationEndpoint the provider's authorization endpoint
     * @param redirectUri           this application's callback URL
     * @param returnPath            where to go after the sign-in, a local path (see {@link ReturnPath})
     * @param parameters            the sign-in parameters the triggering request carried
     * @throws LoginException {@link LoginFailure#INVALID_LOGIN_PARAMETER} when the parameters contradict each other
     */
    LoginStart start(URI authorizationEndpoint, URI redirectUri, String returnPath, LoginParameters parameters)
            throws LoginException {
        boolean offline = wantsOffline(parameters);
        Scope scope = new Scope("openid");
        settings.scopes().forEach(scope::add);
        if (offline) {
            scope.add(LoginParameters.OFFLINE_ACCESS);
        }
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(
                new ResponseType(ResponseType.Value.CODE), scope, new ClientID(clientId), redirectUri)
                .endpointURI(authorizationEndpoint)
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .prompt(prompt(parameters.prompt(), offline))
                .loginHint(parameters.loginHint())
                .maxAge(parameters.maxAge() == null ? -1 : parameters.maxAge())
                .uiLocales(parameters.uiLocales().isEmpty() ? null : parameters.uiLocales())
                .build();
        PendingLogin pending = new PendingLogin(state.getValue(), nonce.getValue(), verifier.getValue(), redirectUri,
                returnPath, offline, parameters.maxAge(), clock.instant());
        return new LoginStart(request.toURI(), pending);
    }

    /** Whether a sign-in with these parameters asks for offline access, by the configured mode. */
    boolean wantsOffline(LoginParameters parameters) {
        OfflineAccessMode mode = settings.offlineAccess();
        return mode == OfflineAccessMode.ALWAYS
                || (mode == OfflineAccessMode.ON_DEMAND && parameters.offlineRequested());
    }

    private Prompt prompt(Prompt requested, boolean offline) throws LoginException {
        if (!offline || !settings.offlinePromptConsent()) {
            return requested;
        }
        Prompt prompt = requested == null ? new Prompt() : new Prompt(requested.toStringList().toArray(String[]::new));
        if (prompt.contains(Prompt.Type.NONE)) {
            throw new LoginException(LoginFailure.INVALID_LOGIN_PARAMETER,
                    "prompt=none cannot be combined with offline access, which needs the user's consent");
        }
        prompt.add(Prompt.Type.CONSENT);
        return prompt;
    }
}
