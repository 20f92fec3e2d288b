package dev.offlineaccess.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /auth}: checks the request like Keycloak (client, redirect URI, {@code response_type=code}, PKCE S256
 * required), logs the configured user in without a form, and redirects back with {@code code}, {@code state},
 * {@code session_state} and {@code iss} (RFC 9207) — or with {@code error=access_denied}.
 */
final class FakeAuthorizationEndpoint implements FakeHandler {
    private final FakeSettings settings;
    private final FakeRealm realm;

    FakeAuthorizationEndpoint(FakeSettings settings, FakeRealm realm) {
        this.settings = settings;
        this.realm = realm;
    }

    @Override
    public FakeExchange.Answer handle(FakeExchange request) {
        if (!settings.clientId.equals(request.param("client_id"))) {
            return FakeExchange.Answer.html(400, "Client not found.");
        }
        String redirectUri = request.param("redirect_uri");
        if (redirectUri == null || !(redirectUri.startsWith("http://") || redirectUri.startsWith("https://"))) {
            return FakeExchange.Answer.html(400, "Invalid parameter: redirect_uri");
        }
        String state = request.param("state");
        if (!"code".equals(request.param("response_type"))) {
            return error(redirectUri, state, "unsupported_response_type", "Client is not allowed to initiate"
                    + " browser login with given response_type.");
        }
        String challenge = request.param("code_challenge");
        String method = request.param("code_challenge_method");
        if (settings.requirePkce && challenge == null) {
            return error(redirectUri, state, "invalid_request", "Missing parameter: code_challenge_method");
        }
        if (challenge != null && !"S256".equals(method)) {
            return error(redirectUri, state, "invalid_request", "Invalid parameter: code_challenge_method");
        }
        FakeRealm.Login login = realm.login(redirectUri, challenge, request.param("nonce"),
                FakeRealm.grantedScopes(request.param("scope")));
        if (login == null) {
            return error(redirectUri, state, "access_denied", "User denied the request");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", state);
        params.put("session_state", login.sid());
        params.put("iss", callbackIssuer());
        params.put("code", login.code());
        return FakeExchange.Answer.redirect(withQuery(redirectUri, params));
    }

    private String callbackIssuer() {
        return settings.wrongCallbackIssuer ? settings.issuer + "-other" : settings.issuer;
    }

    private FakeExchange.Answer error(String redirectUri, String state, String error, String description) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        params.put("state", state);
        params.put("iss", callbackIssuer());
        return FakeExchange.Answer.redirect(withQuery(redirectUri, params));
    }

    static URI withQuery(String base, Map<String, String> params) {
        StringBuilder uri = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
        params.forEach((name, value) -> {
            if (value != null) {
                uri.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
            }
        });
        uri.setLength(uri.length() - 1);
        return URI.create(uri.toString());
    }
}
