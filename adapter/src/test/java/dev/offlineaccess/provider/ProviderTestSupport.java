package dev.offlineaccess.provider;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.testing.AuthorizationRedirect;
import dev.offlineaccess.testing.FakeOpenIdProvider;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** Shared set-up for the provider tests: settings, a provider pointed at a fake OP, a scripted browser login. */
final class ProviderTestSupport {
    static final URI REDIRECT_URI = URI.create("http://localhost:8080/app/oidc-callback");
    static final Duration SKEW = Duration.ofSeconds(30);

    private ProviderTestSupport() {
    }

    static HttpSettings http() {
        return new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), SKEW);
    }

    static OidcProvider providerFor(FakeOpenIdProvider op) {
        return new OidcProvider(op.clientSettings(), http(), Set.of("RS256"), op.clock());
    }

    /** What a login produced: the callback, the PKCE verifier and nonce used. */
    record Login(AuthorizationRedirect callback, String verifier, String nonce, String state) {
        String code() {
            return callback.code();
        }
    }

    /** A browser login at the fake OP (the configured user logs in), up to the callback. */
    static Login browserLogin(FakeOpenIdProvider op, OidcProvider provider, String scope)
            throws ProviderUnavailableException {
        CodeVerifier verifier = new CodeVerifier();
        Nonce nonce = new Nonce();
        State state = new State();
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope),
                new ClientID(op.clientId()), REDIRECT_URI)
                .endpointURI(provider.endpoints().authorizationEndpoint())
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256).build();
        return new Login(op.authorize(request.toURI()), verifier.getValue(), nonce.getValue(), state.getValue());
    }

    /** Login and code exchange in one go. */
    static IssuedTokens loginAndExchange(FakeOpenIdProvider op, OidcProvider provider, String scope)
            throws ProviderUnavailableException, ProviderRejectedException {
        Login login = browserLogin(op, provider, scope);
        return provider.exchangeCode(login.code(), REDIRECT_URI, login.verifier());
    }
}
