package dev.offlineaccess.bearer;

import dev.offlineaccess.provider.Claims;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer's readers over a JSON claims map, as {@link Claims} defines them: dotted paths such as
 * {@code resource_access.${client_id}.roles}, roles, scopes, {@code aud}. Stateless.
 */
final class ClaimPaths {
    static final String CLIENT_ID_PLACEHOLDER = Claims.CLIENT_ID_PLACEHOLDER;

    private ClaimPaths() {
    }

    /** The value at {@code path}, or empty when some step is missing, JSON {@code null} or not an object. */
    static Optional<Object> resolve(Map<String, ?> claims, String path, String clientId) {
        return Claims.at(claims, path, clientId);
    }

    /** Every non-blank string found at the given paths (the same rules as the session's roles). */
    static Set<String> roles(Map<String, ?> claims, List<String> paths, String clientId) {
        return Claims.roles(claims, paths, clientId);
    }

    /** A top-level string claim that is not blank. */
    static Optional<String> string(Map<String, ?> claims, String name) {
        return Optional.ofNullable(Claims.string(claims, name)).filter(s -> !s.isBlank());
    }

    /** A non-blank string at a claim name or dotted path (the principal claim may be nested). */
    static Optional<String> stringAt(Map<String, ?> claims, String path, String clientId) {
        return resolve(claims, path, clientId).filter(String.class::isInstance).map(String.class::cast)
                .filter(s -> !s.isBlank());
    }

    /** A claim that is one string or an array of strings ({@code aud}) as a list; empty when absent. */
    static List<String> strings(Map<String, ?> claims, String name) {
        return Claims.stringList(claims, name);
    }

    /** The {@code scope} claim split on spaces; an array ({@code scp}-style) is accepted too. */
    static Set<String> scopes(Map<String, ?> claims) {
        Object value = claims.get("scope");
        return value instanceof String s ? Claims.scopes(s) : Set.copyOf(strings(claims, "scope"));
    }

    /** A deep-immutable copy of a JSON object (see {@link Claims#freeze}). */
    static Map<String, Object> freeze(Map<String, ?> json) {
        return Claims.freeze(json);
    }
}
