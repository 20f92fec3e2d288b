package dev.offlineaccess.testing;

import java.util.Map;

/** {@code /token}: authorization code (with PKCE), refresh token, password and client credentials grants. */
final class FakeTokenEndpoint implements FakeHandler {
    private final FakeSettings settings;
    private final FakeRealm realm;
    private final FakeRefreshRules refreshRules;

    FakeTokenEndpoint(FakeSettings settings, FakeRealm realm, FakeRefreshRules refreshRules) {
        this.settings = settings;
        this.realm = realm;
        this.refreshRules = refreshRules;
    }

    @Override
    public FakeExchange.Answer handle(FakeExchange request) throws OAuthError {
        if (!"POST".equals(request.method())) {
            return FakeExchange.Answer.html(405, "Method Not Allowed");
        }
        FakeClientAuth.authenticate(settings, request);
        String grantType = request.param("grant_type");
        if (grantType == null) {
            throw new OAuthError(400, "invalid_request", "Missing form parameter: grant_type");
        }
        Map<String, Object> answer = switch (grantType) {
            case "authorization_code" -> realm.exchangeCode(request.param("code"), request.param("redirect_uri"),
                    request.param("code_verifier"));
            case "refresh_token" -> refreshRules.refresh(request.param("refresh_token"), request.param("scope"));
            case "password" -> realm.passwordGrant(request.param("username"), request.param("password"),
                    FakeRealm.grantedScopes(request.param("scope")));
            case "client_credentials" -> clientCredentials(request);
            default -> throw new OAuthError(400, "unsupported_grant_type", "Unsupported grant_type");
        };
        return FakeExchange.Answer.json(answer);
    }

    private Map<String, Object> clientCredentials(FakeExchange request) throws OAuthError {
        if (settings.publicClient()) {
            throw new OAuthError(401, "unauthorized_client", "Public client not allowed to retrieve service account");
        }
        return realm.clientCredentials(FakeRealm.grantedScopes(request.param("scope")));
    }
}
