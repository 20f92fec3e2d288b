package dev.offlineaccess.provider;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.offlineaccess.config.ClientSettings;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Token-endpoint and revocation-endpoint calls through nimbus request types. Thread-safe; stateless. */
final class TokenCalls {
    private final ClientSettings client;
    private final ProviderMetadataSource metadata;
    private final ProviderHttp http;
    private final Clock clock;

    TokenCalls(ClientSettings client, ProviderMetadataSource metadata, ProviderHttp http, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    IssuedTokens exchangeCode(String code, URI redirectUri, String pkceVerifier)
            throws ProviderRejectedException, ProviderUnavailableException {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(redirectUri, "redirectUri");
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                pkceVerifier == null ? null : new CodeVerifier(pkceVerifier));
        return tokenRequest("code exchange", grant, null);
    }

    IssuedTokens refresh(String refreshToken, Set<String> scopes)
            throws ProviderRejectedException, ProviderUnavailableException {
        Objects.requireNonNull(refreshToken, "refreshToken");
        return tokenRequest("refresh", new RefreshTokenGrant(new RefreshToken(refreshToken)), scopes);
    }

    void revokeRefreshToken(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException {
        Objects.requireNonNull(refreshToken, "refreshToken");
        ProviderEndpoints endpoints = metadata.endpoints();
        URI endpoint = endpoints.revocation().orElseThrow(() -> new ProviderMisconfiguredException(
                ProviderMisconfiguredException.Problem.ENDPOINT_NOT_OFFERED,
                "the provider offers no revocation_endpoint (RFC 7009)"));
        ClientAuthentication auth = ClientAuth.of(client, endpoints.tokenEndpointAuthMethods());
        RefreshToken token = new RefreshToken(refreshToken);
        TokenRevocationRequest request = auth == null
                ? new TokenRevocationRequest(endpoint, new ClientID(client.clientId()), token)
                : new TokenRevocationRequest(endpoint, auth, token);
        HTTPResponse response = http.send("revocation", request.toHTTPRequest());
        if (!response.indicatesSuccess()) {
            throw ProviderHttp.rejected("revocation", response);
        }
        // RFC 7009 section 2.2: 200 means done, whatever the body says (Keycloak answers an already revoked token
        // with 200 and {"error":"invalid_token"}).
    }

    private IssuedTokens tokenRequest(String operation, AuthorizationGrant grant, Set<String> scopes)
            throws ProviderRejectedException, ProviderUnavailableException {
        ProviderEndpoints endpoints = metadata.endpoints();
        ClientAuthentication auth = ClientAuth.of(client, endpoints.tokenEndpointAuthMethods());
        Scope scope = scopes == null || scopes.isEmpty() ? null : new Scope(scopes.toArray(String[]::new));
        TokenRequest request = auth == null
                ? new TokenRequest(endpoints.tokenEndpoint(), new ClientID(client.clientId()), grant, scope)
                : new TokenRequest(endpoints.tokenEndpoint(), auth, grant, scope);
        HTTPRequest httpRequest = request.toHTTPRequest();
        httpRequest.setAccept("application/json");
        Map<String, Object> json = http.sendForJson(operation, httpRequest);
        return TokenResponses.parse(operation, json, scopes, clock);
    }
}
