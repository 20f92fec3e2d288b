package dev.offlineaccess.provider;

import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import dev.offlineaccess.config.ClientSettings;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Userinfo (OIDC Core section 5.3) and introspection (RFC 7662) calls. Thread-safe; stateless. */
final class ResourceCalls {
    private final ClientSettings client;
    private final ProviderMetadataSource metadata;
    private final ProviderHttp http;

    ResourceCalls(ClientSettings client, ProviderMetadataSource metadata, ProviderHttp http) {
        this.client = Objects.requireNonNull(client, "client");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.http = Objects.requireNonNull(http, "http");
    }

    Map<String, Object> userInfo(String accessToken, String expectedSubject)
            throws ProviderRejectedException, ProviderUnavailableException {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expectedSubject, "expectedSubject");
        URI endpoint = metadata.endpoints().userInfo().orElseThrow(() -> notOffered("userinfo_endpoint"));
        HTTPRequest request = new UserInfoRequest(endpoint, new BearerAccessToken(accessToken)).toHTTPRequest();
        request.setAccept("application/json");
        Map<String, Object> claims = http.sendForJson("userinfo", request);
        if (!expectedSubject.equals(claims.get("sub"))) {
            // OIDC Core section 5.3.2: the sub must match, else the answer must not be used (token substitution)
            throw new ProviderRejectedException("userinfo", new ProviderError(200,
                    OidcProvider.USERINFO_SUBJECT_MISMATCH, "the userinfo sub is not the ID token's sub"));
        }
        return Claims.freeze(claims);
    }

    IntrospectionResult introspect(String token) throws ProviderRejectedException, ProviderUnavailableException {
        Objects.requireNonNull(token, "token");
        ProviderEndpoints endpoints = metadata.endpoints();
        URI endpoint = endpoints.introspection().orElseThrow(() -> notOffered("introspection_endpoint"));
        ClientAuthentication auth = ClientAuth.of(client, endpoints.tokenEndpointAuthMethods());
        TypelessAccessToken subject = new TypelessAccessToken(token);
        HTTPRequest request = auth == null
                ? new TokenIntrospectionRequest(endpoint, subject,
                        Map.of("client_id", List.of(client.clientId()))).toHTTPRequest()
                : new TokenIntrospectionRequest(endpoint, auth, subject).toHTTPRequest();
        request.setAccept("application/json");
        Map<String, Object> json = http.sendForJson("introspection", request);
        return toResult(json);
    }

    private static IntrospectionResult toResult(Map<String, Object> json) throws ProviderUnavailableException {
        Object active = json.get("active");
        if (!(active instanceof Boolean)) {
            throw new ProviderUnavailableException("introspection: the answer has no boolean 'active'");
        }
        if (!((Boolean) active)) {
            return IntrospectionResult.inactive();
        }
        Instant exp = json.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
        return new IntrospectionResult(true, Claims.string(json, "sub"), Claims.string(json, "username"),
                Claims.string(json, "client_id"), Claims.string(json, "iss"), Claims.stringList(json, "aud"),
                Claims.scopes(Claims.string(json, "scope")), exp, json);
    }

    private static ProviderMisconfiguredException notOffered(String endpoint) {
        return new ProviderMisconfiguredException(ProviderMisconfiguredException.Problem.ENDPOINT_NOT_OFFERED,
                "the provider's discovery document lists no " + endpoint);
    }
}
