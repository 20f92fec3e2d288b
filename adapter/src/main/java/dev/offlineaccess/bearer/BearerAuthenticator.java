package dev.offlineaccess.bearer;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.offlineaccess.bearer.BearerResult.Authenticated;
import dev.offlineaccess.bearer.BearerResult.Challenge;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.provider.OidcProvider;

/**
 * Decides whether an API request's {@code Authorization: Bearer} token lets it in (RFC 6750). A JWT (three base64url
 * parts) is verified locally against the provider's keys, and the answer for an admitted token is reused while the
 * token is valid, for at most {@link BearerPolicy#JWT_CACHE_MAX_AGE} (see {@link BearerPolicy#jwtCacheSize()});
 * any other token is introspected (RFC 7662) and the answer cached briefly. The caller becomes the configured
 * principal claim, with roles from the configured claim paths.
 *
 * <p>Answers, never throws: a missing header gives 401 without error attributes; an unreadable one 400
 * {@code invalid_request}; a bad, expired or foreign token 401 {@code invalid_token}; a token without a required
 * scope 403 {@code insufficient_scope}; a provider that cannot be asked 503 with a retry hint (never "valid"). No
 * token, and no part of one, appears in a challenge or in the log.
 *
 * <p>Thread-safe: create one per filter and share it. Arguments may be {@code null} where stated.
 */
public final class BearerAuthenticator {
    private static final System.Logger LOG = System.getLogger(BearerAuthenticator.class.getName());
    /** {@code typ} values of Keycloak tokens that are not access tokens: ID, refresh, offline and logout tokens. */
    private static final Set<String> NOT_ACCESS_TOKEN_TYPES = Set.of("id", "refresh", "offline", "logout");

    private final BearerPolicy policy;
    private final TokenVerifier verifier;
    private final OpaqueTokens opaqueTokens;
    private final VerifiedJwts verifiedJwts;
    private final Function<String, BearerResult> fullJwtCheck = this::verifyJwt;
    private final Challenges challenges;

    /**
     * @param policy   what to demand of a token, usually {@link BearerPolicy#from(OidcSettings)}
     * @param provider the provider facade shared with the rest of the filter
     * @param clock    the time source of the caches; give the provider's clock (the one it checks {@code exp} with)
     */
    public BearerAuthenticator(BearerPolicy policy, OidcProvider provider, Clock clock) {
        this(policy, new ProviderTokenVerifier(provider), clock);
    }

    /** The authenticator the settings describe, see {@link BearerPolicy#from(OidcSettings)}. */
    public static BearerAuthenticator create(OidcSettings settings, OidcProvider provider, Clock clock) {
        return new BearerAuthenticator(BearerPolicy.from(settings), provider, clock);
    }

    BearerAuthenticator(BearerPolicy policy, TokenVerifier verifier, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        IntrospectionCache cache = new IntrospectionCache(policy.introspectionCacheTtl(),
                policy.introspectionCacheSize(), Objects.requireNonNull(clock, "clock"));
        this.opaqueTokens = new OpaqueTokens(verifier, cache, policy.audience());
        this.verifiedJwts = new VerifiedJwts(policy.jwtCacheSize(), BearerPolicy.JWT_CACHE_MAX_AGE, clock,
                verifier::keySetGeneration);
        this.challenges = new Challenges(policy.realm(), policy.retryAfter());
    }

    /**
     * Authenticates one request.
     *
     * @param authorizationHeaderValue the raw {@code Authorization} header value, or {@code null} when absent
     */
    public BearerResult authenticate(String authorizationHeaderValue) {
        return decide(BearerHeader.parse(authorizationHeaderValue));
    }

    /**
     * Authenticates one request given every {@code Authorization} header it carried; more than one is
     * {@code invalid_request}.
     *
     * @param authorizationHeaderValues the header values in order, or {@code null} or empty when absent
     */
    public BearerResult authenticate(List<String> authorizationHeaderValues) {
        return decide(BearerHeader.parse(authorizationHeaderValues));
    }

    /** The policy this authenticator applies. */
    public BearerPolicy policy() {
        return policy;
    }

    /** The cache of admitted JWTs (for tests). */
    VerifiedJwts verifiedJwts() {
        return verifiedJwts;
    }

    private BearerResult decide(BearerHeader header) {
        if (header instanceof BearerHeader.Malformed malformed) {
            LOG.log(Level.DEBUG, "bearer request rejected: {0}", malformed.description());
            return challenges.invalidRequest(malformed.description());
        }
        if (!(header instanceof BearerHeader.Token token)) {
            return challenges.missing();
        }
        return token.looksLikeJwt()
                ? verifiedJwts.check(token.value(), fullJwtCheck)
                : answer(opaqueTokens.check(token.value()));
    }

    /** The full check of a JWT, without the cache of admitted ones. */
    private BearerResult verifyJwt(String jwt) {
        return answer(verifier.verifyJwt(jwt, policy.audience()));
    }

    private BearerResult answer(TokenCheck check) {
        if (check instanceof TokenCheck.Valid valid) {
            return admit(valid.claims());
        }
        if (check instanceof TokenCheck.Rejected rejected) {
            LOG.log(Level.DEBUG, "bearer token rejected: {0}", rejected.description());
            return challenges.invalidToken(rejected.description());
        }
        LOG.log(Level.DEBUG, "bearer token not checked, provider unavailable: {0}",
                ((TokenCheck.Unavailable) check).reason());
        return challenges.unavailable();
    }

    private BearerResult admit(Map<String, Object> claims) {
        Optional<String> type = ClaimPaths.string(claims, "typ");
        if (type.isPresent() && NOT_ACCESS_TOKEN_TYPES.contains(type.get().toLowerCase(Locale.ROOT))) {
            return reject("The token is not an access token");
        }
        Optional<String> principal = ClaimPaths.stringAt(claims, policy.principalClaim(), policy.clientId());
        if (principal.isEmpty()) {
            return reject("The access token has no " + policy.principalClaim() + " claim");
        }
        Set<String> scopes = ClaimPaths.scopes(claims);
        if (!scopes.containsAll(policy.requiredScopes())) {
            LOG.log(Level.DEBUG, "bearer token lacks a required scope; it has {0}", scopes);
            return challenges.insufficientScope(policy.requiredScopes());
        }
        Set<String> roles = ClaimPaths.roles(claims, policy.roleClaims(), policy.clientId());
        return new Authenticated(principal.get(), roles, scopes, claims);
    }

    private Challenge reject(String description) {
        LOG.log(Level.DEBUG, "bearer token rejected: {0}", description);
        return challenges.invalidToken(description);
    }
}
