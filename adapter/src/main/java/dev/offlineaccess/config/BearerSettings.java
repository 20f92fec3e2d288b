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
 */
public record BearerSettings(boolean bearerOnly, List<String> bearerPaths, String audience,
                             Duration introspectionCacheTtl) {
    public BearerSettings {
        bearerPaths = List.copyOf(bearerPaths);
        Objects.requireNonNull(introspectionCacheTtl, "introspectionCacheTtl");
    }
}
