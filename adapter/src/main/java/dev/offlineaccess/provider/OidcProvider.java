package dev.offlineaccess.provider;

import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.OidcSettings;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one door to the OpenID Provider: discovery, code exchange, refresh, revocation, ID-token and access-token
 * verification, userinfo, introspection and the RP-initiated logout URL. Nimbus does the protocol work inside;
 * callers see only this package's types.
 *
 * <p><b>Threading:</b> one instance per filter, shared by all threads. Discovery and the JWKS are cached inside
 * and fetched on demand (so a provider that is down at start does not fail deployment).
 *
 * <p><b>Nulls:</b> arguments are non-{@code null} unless a parameter says otherwise; results are never
 * {@code null}.
 *
 * <p><b>Failures:</b> {@link ProviderUnavailableException} when the provider could not be asked or gave no usable
 * answer (IO error, timeout, HTTP 5xx, 408, 429, a 3xx, a 200 that is not the expected JSON) — retry later;
 * {@link ProviderRejectedException} when it answered 4xx: the OAuth {@code error} verbatim (Keycloak's
 * {@code not_allowed} included), or {@code http_<status>} (e.g. {@code http_404}) when the 4xx body has no parsable
 * {@code error}; {@link ProviderMisconfiguredException} (unchecked) when discovery found another issuer or the
 * provider lacks a needed endpoint. No message contains a token, code or secret.
 *
 * <p><b>Client authentication</b> at the token, revocation and introspection endpoints: {@code client_secret_basic}
 * when a secret is configured, {@code client_secret_post} if the provider lists only that; a public client sends
 * {@code client_id} alone.
 */
public final class OidcProvider implements TokenEndpoint {
    /** {@link ProviderError#code()} when the userinfo answer names another subject than the ID token. */
    public static final String USERINFO_SUBJECT_MISMATCH = "userinfo_subject_mismatch";
    /** Prefix of {@link ProviderError#code()} for a 4xx answer without a parsable OAuth error body. */
    public static final String HTTP_ERROR_PREFIX = "http_";

    private final ClientSettings client;
    private final ProviderMetadataSource metadata;
    private final JwksKeys keys;
    private final TokenCalls tokenCalls;
    private final ResourceCalls resourceCalls;
    private final IdTokenVerifier idTokens;
    private final AccessTokenVerifier accessTokens;

    /**
     * @param client            issuer, client id and optional secret
     * @param http              timeouts and clock skew
     * @param idTokenAlgorithms JWS algorithms accepted for ID tokens ({@code none} is always refused; {@code HS*}
     *                          only when a client secret is configured)
     * @param clock             the time source for token checks and discovery backoff
     */
    public OidcProvider(ClientSettings client, HttpSettings http, Set<String> idTokenAlgorithms, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clock, "clock");
        ProviderHttp sender = new ProviderHttp(http);
        String issuer = client.issuer().toString();
        this.metadata = new ProviderMetadataSource(client.issuer(), sender, clock);
        JwksKeys keys = new JwksKeys(metadata, sender, clock);
        this.keys = keys;
        this.tokenCalls = new TokenCalls(client, metadata, sender, clock);
        this.resourceCalls = new ResourceCalls(client, metadata, sender);
        this.idTokens = new IdTokenVerifier(issuer, client.clientId(),
                new JwsChecker(idTokenAlgorithms, keys, client.clientSecret()), http.clockSkew(), clock);
        this.accessTokens = new AccessTokenVerifier(issuer, idTokenAlgorithms, keys, http.clockSkew(), clock);
    }

    /** The provider for a validated configuration. */
    public static OidcProvider create(OidcSettings settings, Clock clock) {
        return new OidcProvider(settings.client(), settings.http(), settings.login().idTokenAlgorithms(), clock);
    }

    /** The JWKS cache (package-private, for tests of the fetch throttling). */
    /**
     * A number that changes whenever a re-fetch of the provider's JWKS returns different keys: an answer derived from
     * a signature check under an older number may rest on a key the provider has since withdrawn.
     */
    public long keySetGeneration() {
        return keys.generation();
    }

    JwksKeys keys() {
        return keys;
    }

    /** The discovered endpoints; discovers on first use (and after a failure, once the backoff has passed). */
    public ProviderEndpoints endpoints() throws ProviderUnavailableException {
        return metadata.endpoints();
    }

    /**
     * Authorization-code grant with PKCE (RFC 6749 section 4.1.3, RFC 7636).
     *
     * @param code         the code from the callback
     * @param redirectUri  the redirect URI sent with the authorization request
     * @param pkceVerifier the PKCE code verifier, or {@code null} when none was sent
     */
    public IssuedTokens exchangeCode(String code, URI redirectUri, String pkceVerifier)
            throws ProviderRejectedException, ProviderUnavailableException {
        return tokenCalls.exchangeCode(code, redirectUri, pkceVerifier);
    }

    @Override
    public IssuedTokens refresh(String refreshToken, Set<String> scopes)
            throws ProviderRejectedException, ProviderUnavailableException {
        return tokenCalls.refresh(refreshToken, scopes);
    }

    @Override
    public void revokeRefreshToken(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException {
        tokenCalls.revokeRefreshToken(refreshToken);
    }

    /**
     * Verifies an ID token from a code exchange: signature, {@code iss}, {@code aud}, {@code azp}, {@code exp},
     * {@code iat} and, when {@code expectedNonce} is not {@code null}, {@code nonce}.
     *
     * @param expectedNonce the nonce sent with the authorization request, or {@code null} to skip the check
     */
    public VerifiedIdToken verifyIdToken(String idToken, String expectedNonce)
            throws InvalidIdTokenException, ProviderUnavailableException {
        return idTokens.verify(idToken, expectedNonce, null);
    }

    /**
     * Verifies an ID token returned by a refresh (OIDC Core section 12.2): like {@link #verifyIdToken} without the
     * nonce check, and {@code sub} must equal {@code expectedSubject}.
     */
    public VerifiedIdToken verifyRefreshedIdToken(String idToken, String expectedSubject)
            throws InvalidIdTokenException, ProviderUnavailableException {
        return idTokens.verify(idToken, null, Objects.requireNonNull(expectedSubject, "expectedSubject"));
    }

    /**
     * The userinfo claims (deep-immutable). A {@code sub} other than {@code expectedSubject} is refused with
     * {@link #USERINFO_SUBJECT_MISMATCH} (HTTP status 200 in the error).
     */
    public Map<String, Object> userInfo(String accessToken, String expectedSubject)
            throws ProviderRejectedException, ProviderUnavailableException {
        return resourceCalls.userInfo(accessToken, expectedSubject);
    }

    /**
     * Verifies a JWT access token locally (signature by the provider's JWKS, {@code iss}, {@code exp} and
     * {@code nbf} within the clock skew, {@code audience} in {@code aud} or equal to {@code azp}).
     *
     * @param audience the audience the token must be meant for (usually the client id)
     */
    public VerifiedAccessToken verifyJwtAccessToken(String jwt, String audience)
            throws InvalidAccessTokenException, ProviderUnavailableException {
        return accessTokens.verify(jwt, Objects.requireNonNull(audience, "audience"));
    }

    /** RFC 7662 introspection of an (opaque or JWT) access token, authenticated as this client. No caching here. */
    public IntrospectionResult introspect(String token) throws ProviderRejectedException, ProviderUnavailableException {
        return resourceCalls.introspect(token);
    }

    /**
     * The RP-initiated logout URL ({@code end_session_endpoint} with {@code client_id}, and the given optional
     * parameters), or empty when the provider has no end-session endpoint.
     *
     * @param idTokenHint        the raw ID token, or {@code null}
     * @param postLogoutRedirect where the provider should send the browser afterwards, or {@code null}
     * @param state              opaque value echoed to {@code postLogoutRedirect}, or {@code null}
     */
    public Optional<URI> endSessionUri(String idTokenHint, URI postLogoutRedirect, String state)
            throws ProviderUnavailableException {
        return metadata.endpoints().endSession().map(endpoint -> LogoutUris.endSession(endpoint, client.clientId(),
                idTokenHint, postLogoutRedirect, state));
    }
}
