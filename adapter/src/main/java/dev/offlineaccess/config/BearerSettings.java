package dev.offlineaccess.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * API requests authenticated with {@code Authorization: Bearer}.
 *
 * @param bearerOnly            the filter never starts a login; every request needs a bearer token
 * @param bearerPaths           context-relative path patterns ({@code /api/*}, {@code /exact}) served as APIs: a
 *                              missing or bad token gives 401, never a login redirect
 * @param audience              the audience an access token must carry ({@code aud} or {@code azp}); {@code null}
 *                              means the client id
 * @param introspectionCacheTtl how long an introspection answer for an opaque token is reused
 * @param jwtCacheSize          how many verified JWT access tokens are remembered (by their SHA-256), so that a
 *                              token presented again is not verified again; {@code 0} turns this off
 */
public record BearerSettings(boolean bearerOnly, List<String> bearerPaths, String audience,
                             Duration introspectionCacheTtl, int jwtCacheSize) {
    /** {@link #jwtCacheSize()} by default. */
    public static final int DEFAULT_JWT_CACHE_SIZE = 1_000;

    public BearerSettings {
        bearerPaths = List.copyOf(bearerPaths);
        Objects.requireNonNull(introspectionCacheTtl, "introspectionCacheTtl");
        if (jwtCacheSize < 0) {
            throw new IllegalArgumentException("jwtCacheSize must not be negative");
        }
    }

    /** Settings with the default {@link #DEFAULT_JWT_CACHE_SIZE}. */
    public BearerSettings(boolean bearerOnly, List<String> bearerPaths, String audience,
                          Duration introspectionCacheTtl) {
        this(bearerOnly, bearerPaths, audience, introspectionCacheTtl, DEFAULT_JWT_CACHE_SIZE);
    }
}
