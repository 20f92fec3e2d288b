package dev.offlineaccess.provider;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What discovery told us about the provider: its endpoints and the few capabilities login, logout and the bearer
 * check act on. Built from the provider's {@code /.well-known/openid-configuration} after the exact issuer check.
 *
 * <p>Immutable and thread-safe. {@code issuer}, {@code authorizationEndpoint}, {@code tokenEndpoint} and
 * {@code jwksUri} are never {@code null}; the optional endpoints are {@code null} when the provider does not list
 * them (use the {@code Optional} accessors). The sets are never {@code null} and may be empty.
 *
 * @param issuer                     the issuer, equal to the configured one
 * @param authorizationEndpoint      {@code authorization_endpoint}
 * @param tokenEndpoint              {@code token_endpoint}
 * @param jwksUri                    {@code jwks_uri}
 * @param userInfoEndpoint           {@code userinfo_endpoint}, or {@code null}
 * @param endSessionEndpoint         {@code end_session_endpoint} (RP-initiated logout), or {@code null}
 * @param revocationEndpoint         {@code revocation_endpoint} (RFC 7009), or {@code null}
 * @param introspectionEndpoint      {@code introspection_endpoint} (RFC 7662), or {@code null}
 * @param issParameterSupported      {@code authorization_response_iss_parameter_supported} (RFC 9207): the
 *                                   callback then must carry {@code iss} equal to the issuer
 * @param backchannelLogoutSupported {@code backchannel_logout_supported}
 * @param scopesSupported            {@code scopes_supported}
 * @param tokenEndpointAuthMethods   {@code token_endpoint_auth_methods_supported}, e.g. {@code client_secret_basic}
 * @param codeChallengeMethods       {@code code_challenge_methods_supported}, e.g. {@code S256}
 */
public record ProviderEndpoints(URI issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
                                URI userInfoEndpoint, URI endSessionEndpoint, URI revocationEndpoint,
                                URI introspectionEndpoint, boolean issParameterSupported,
                                boolean backchannelLogoutSupported, Set<String> scopesSupported,
                                Set<String> tokenEndpointAuthMethods, Set<String> codeChallengeMethods) {
    public ProviderEndpoints {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(jwksUri, "jwksUri");
        scopesSupported = Set.copyOf(scopesSupported);
        tokenEndpointAuthMethods = Set.copyOf(tokenEndpointAuthMethods);
        codeChallengeMethods = Set.copyOf(codeChallengeMethods);
    }

    public Optional<URI> userInfo() {
        return Optional.ofNullable(userInfoEndpoint);
    }

    public Optional<URI> endSession() {
        return Optional.ofNullable(endSessionEndpoint);
    }

    public Optional<URI> revocation() {
        return Optional.ofNullable(revocationEndpoint);
    }

    public Optional<URI> introspection() {
        return Optional.ofNullable(introspectionEndpoint);
    }

    /** Whether the provider lists {@code scope} in {@code scopes_supported} (an empty list means "unknown": true). */
    public boolean supportsScope(String scope) {
        return scopesSupported.isEmpty() || scopesSupported.contains(scope);
    }
}
