package dev.offlineaccess.bearer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.offlineaccess.config.BearerSettings;
import dev.offlineaccess.config.OidcSettings;

/**
 * What a {@link BearerAuthenticator} demands of a token and how it answers, resolved from the settings once.
 * Immutable and thread-safe; no component is {@code null}.
 *
 * @param realm                    the {@code realm} of every {@code WWW-Authenticate} challenge; the client id by
 *                                 default
 * @param clientId                 the client id, substituted for {@code ${client_id}} in role-claim paths
 * @param audience                 the audience a token must name in {@code aud}, {@code azp} (or, for an
 *                                 introspected token, {@code client_id}); {@link BearerSettings#audience()}, or
 *                                 the client id when that is {@code null}
 * @param principalClaim           the string claim (a name, or a dotted path to a nested claim) that names the
 *                                 caller
 * @param roleClaims               dotted claim paths whose string values are roles
 * @param requiredScopes           scopes every token must carry, else 403 {@code insufficient_scope}; empty by
 *                                 default
 * @param introspectionCacheTtl    how long an introspection answer is reused (capped by the token's {@code exp});
 *                                 zero disables the cache
 * @param introspectionCacheSize   the most introspection answers kept
 * @param jwtCacheSize             the most verified JWT access tokens kept, so that a token presented again is not
 *                                 verified again (see {@link #JWT_CACHE_MAX_AGE}); zero disables the cache
 * @param retryAfter               the retry hint of a 503 challenge when the provider cannot be asked
 */
public record BearerPolicy(String realm, String clientId, String audience, String principalClaim,
                           List<String> roleClaims, Set<String> requiredScopes, Duration introspectionCacheTtl,
                           int introspectionCacheSize, int jwtCacheSize, Duration retryAfter) {

    /** Introspection answers kept at most, by default. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /**
     * How long a verified JWT's answer is reused at most, however late its {@code exp}. It bounds how long a signing
     * key the provider withdrew is still trusted for tokens seen before (on top of the provider facade's own JWKS
     * cache). Five minutes is Keycloak's default access-token lifespan: a token of a default realm is verified about
     * once in its life, and a longer-lived token about once per five minutes.
     */
    public static final Duration JWT_CACHE_MAX_AGE = Duration.ofMinutes(5);
    /** Retry hint of a 503 challenge, by default. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    public BearerPolicy {
        requireText(realm, "realm");
        requireText(clientId, "clientId");
        requireText(audience, "audience");
        requireText(principalClaim, "principalClaim");
        roleClaims = List.copyOf(roleClaims);
        requiredScopes = Set.copyOf(requiredScopes);
        Objects.requireNonNull(introspectionCacheTtl, "introspectionCacheTtl");
        if (introspectionCacheTtl.isNegative()) {
            throw new IllegalArgumentException("introspectionCacheTtl must not be negative");
        }
        if (introspectionCacheSize < 1) {
            throw new IllegalArgumentException("introspectionCacheSize must be positive");
        }
        if (jwtCacheSize < 0) {
            throw new IllegalArgumentException("jwtCacheSize must not be negative");
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive");
        }
    }

    /**
     * The policy the settings describe: realm = client id, audience defaulting to the client id, no required scope,
     * the JWT cache of {@link BearerSettings#jwtCacheSize()}.
     */
    public static BearerPolicy from(OidcSettings settings) {
        String clientId = settings.client().clientId();
        String audience = settings.bearer().audience();
        return new BearerPolicy(clientId, clientId, audience == null || audience.isBlank() ? clientId : audience,
                settings.login().principalClaim(), settings.login().roleClaims(), Set.of(),
                settings.bearer().introspectionCacheTtl(), DEFAULT_CACHE_SIZE, settings.bearer().jwtCacheSize(),
                DEFAULT_RETRY_AFTER);
    }

    public BearerPolicy withRealm(String newRealm) {
        return new BearerPolicy(newRealm, clientId, audience, principalClaim, roleClaims, requiredScopes,
                introspectionCacheTtl, introspectionCacheSize, jwtCacheSize, retryAfter);
    }

    public BearerPolicy withRequiredScopes(Set<String> scopes) {
        return new BearerPolicy(realm, clientId, audience, principalClaim, roleClaims, scopes,
                introspectionCacheTtl, introspectionCacheSize, jwtCacheSize, retryAfter);
    }

    private static void requireText(String value, String name) {
        if (Objects.requireNonNull(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
