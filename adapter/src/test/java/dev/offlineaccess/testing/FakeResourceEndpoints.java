package dev.offlineaccess.testing;

import com.nimbusds.jwt.JWTClaimsSet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake's other endpoints: discovery, JWKS, userinfo, revocation (RFC 7009), introspection (RFC 7662) and
 * end-session (RP-initiated logout, plus Keycloak's back-channel POST with a refresh token).
 */
final class FakeResourceEndpoints {
    private final FakeSettings settings;
    private final FakeRealm realm;
    private final FakeRefreshRules refreshRules;

    FakeResourceEndpoints(FakeSettings settings, FakeRealm realm, FakeRefreshRules refreshRules) {
        this.settings = settings;
        this.realm = realm;
        this.refreshRules = refreshRules;
    }

    FakeExchange.Answer discovery(FakeExchange request) {
        String base = settings.issuer;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", settings.discoveryIssuer != null ? settings.discoveryIssuer : base);
        for (Endpoint endpoint : Endpoint.values()) {
            if (endpoint != Endpoint.DISCOVERY) {
                json.put(metadataName(endpoint), base + endpoint.path());
            }
        }
        json.put("grant_types_supported", List.of("authorization_code", "refresh_token", "password",
                "client_credentials"));
        json.put("response_types_supported", List.of("code"));
        json.put("subject_types_supported", List.of("public", "pairwise"));
        json.put("id_token_signing_alg_values_supported", List.of("RS256"));
        json.put("scopes_supported", List.copyOf(FakeRealm.SUPPORTED_SCOPES));
        json.put("token_endpoint_auth_methods_supported", settings.tokenEndpointAuthMethods);
        json.put("code_challenge_methods_supported", List.of("plain", "S256"));
        json.put("authorization_response_iss_parameter_supported", true);
        json.put("backchannel_logout_supported", true);
        json.put("backchannel_logout_session_supported", true);
        json.put("frontchannel_logout_supported", true);
        return FakeExchange.Answer.json(json);
    }

    private static String metadataName(Endpoint endpoint) {
        return switch (endpoint) {
            case JWKS -> "jwks_uri";
            case AUTHORIZATION -> "authorization_endpoint";
            case TOKEN -> "token_endpoint";
            case USERINFO -> "userinfo_endpoint";
            case REVOCATION -> "revocation_endpoint";
            case INTROSPECTION -> "introspection_endpoint";
            case END_SESSION -> "end_session_endpoint";
            case DISCOVERY -> throw new IllegalArgumentException("discovery has no metadata name");
        };
    }

    FakeExchange.Answer jwks(FakeExchange request) {
        return FakeExchange.Answer.json(realm.keys.publicJwks().toJSONObject());
    }

    FakeExchange.Answer userInfo(FakeExchange request) {
        String token = request.bearerToken();
        if (token == null) {
            return bearerError("invalid_request", "Token not provided");
        }
        synchronized (realm) {
            JWTClaimsSet claims = realm.validAccessToken(token);
            FakeUserState user = claims == null ? null : userBySubject(claims.getSubject());
            if (user == null) {
                return bearerError("invalid_token", "Token verification failed");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sub", settings.userInfoSubjectMismatch ? "other-" + user.user.subject() : user.user.subject());
            json.put("email_verified", true);
            json.put("preferred_username", user.user.username());
            json.putAll(user.user.claims());
            return FakeExchange.Answer.json(json);
        }
    }

    private FakeUserState userBySubject(String subject) {
        return realm.users.values().stream().filter(u -> u.user.subject().equals(subject)).findFirst().orElse(null);
    }

    private FakeExchange.Answer bearerError(String error, String description) {
        return new FakeExchange.Answer(401, null, "", Map.of("WWW-Authenticate", "Bearer realm=\""
                + settings.realmName + "\", error=\"" + error + "\", error_description=\"" + description + "\""));
    }

    FakeExchange.Answer revoke(FakeExchange request) throws OAuthError {
        FakeClientAuth.authenticate(settings, request);
        String token = request.param("token");
        if (token == null) {
            throw new OAuthError(400, "invalid_request", "Token not provided");
        }
        synchronized (realm) {
            FakeSession session = liveSessionOfRefreshToken(token);
            if (session != null) {
                realm.sessions.remove(session.sid);
                return FakeExchange.Answer.empty(200);
            }
            JWTClaimsSet access = realm.validAccessToken(token);
            if (access != null && settings.clientId.equals(access.getClaim("azp"))) {
                realm.revokedAccessTokens.add(access.getJWTID());
                return FakeExchange.Answer.empty(200);
            }
        }
        return FakeExchange.Answer.json(200, "{\"error\":\"invalid_token\",\"error_description\":\"Invalid token\"}");
    }

    private FakeSession liveSessionOfRefreshToken(String token) {
        JWTClaimsSet claims = realm.keys.verifyRefreshToken(token);
        if (claims == null || !settings.clientId.equals(claims.getClaim("azp"))) {
            return null;
        }
        FakeSession session = realm.sessions.get(String.valueOf(claims.getClaim("sid")));
        return session == null || session.clientRemoved ? null : session;
    }

    FakeExchange.Answer introspect(FakeExchange request) throws OAuthError {
        FakeClientAuth.authenticate(settings, request);
        String token = request.param("token");
        synchronized (realm) {
            JWTClaimsSet claims = realm.validAccessToken(token);
            String type = "Bearer";
            if (claims == null && token != null && refreshRules.wouldAccept(token)) {
                claims = realm.keys.verifyRefreshToken(token);
                type = String.valueOf(claims.getClaim("typ"));
            }
            if (claims == null) {
                return FakeExchange.Answer.json(Map.of("active", false));
            }
            Map<String, Object> json = new LinkedHashMap<>(claims.toJSONObject());
            json.put("active", true);
            json.put("client_id", claims.getClaim("azp"));
            json.put("username", claims.getClaim("preferred_username"));
            json.put("token_type", type);
            return FakeExchange.Answer.json(json);
        }
    }

    FakeExchange.Answer endSession(FakeExchange request) throws OAuthError {
        if ("POST".equals(request.method()) && request.param("refresh_token") != null) {
            FakeClientAuth.authenticate(settings, request);
            synchronized (realm) {
                FakeSession session = liveSessionOfRefreshToken(request.param("refresh_token"));
                if (session == null) {
                    throw OAuthError.invalidGrant("Invalid refresh token");
                }
                realm.sessions.remove(session.sid);
            }
            return FakeExchange.Answer.empty(204);
        }
        String hint = request.param("id_token_hint");
        if (hint != null) {
            JWTClaimsSet claims = realm.keys.verifySigned(hint);
            if (claims == null) {
                return FakeExchange.Answer.html(400, "Invalid IDToken");
            }
            synchronized (realm) {
                FakeSession session = realm.sessions.get(String.valueOf(claims.getClaim("sid")));
                if (session != null && !session.offline) {
                    realm.sessions.remove(session.sid);   // the offline session survives, as in Keycloak
                }
            }
        }
        String redirect = request.param("post_logout_redirect_uri");
        if (redirect == null) {
            return FakeExchange.Answer.html(200, "You are logged out");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", request.param("state"));
        return FakeExchange.Answer.redirect(FakeAuthorizationEndpoint.withQuery(redirect, params));
    }
}
