package dev.offlineaccess.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The provider's RFC 7662 answer about a token. When {@link #active()} is false every other component is empty or
 * {@code null}: nothing else about an inactive token may be trusted. Immutable and thread-safe; no token inside.
 *
 * @param active    whether the provider considers the token active
 * @param subject   {@code sub}, or {@code null}
 * @param username  {@code username}, or {@code null}
 * @param clientId  {@code client_id}, or {@code null}
 * @param issuer    {@code iss}, or {@code null}
 * @param audience  {@code aud} as a list, never {@code null}
 * @param scopes    {@code scope} split on spaces, never {@code null}
 * @param expiresAt {@code exp}, or {@code null}
 * @param claims    every member of the answer (deep-immutable), never {@code null}
 */
public record IntrospectionResult(boolean active, String subject, String username, String clientId, String issuer,
                                  List<String> audience, Set<String> scopes, Instant expiresAt,
                                  Map<String, Object> claims) {
    public IntrospectionResult {
        audience = List.copyOf(audience);
        scopes = Set.copyOf(scopes);
        claims = Claims.freeze(Objects.requireNonNull(claims, "claims"));
    }

    /** The answer for an inactive (expired, revoked, unknown) token. */
    public static IntrospectionResult inactive() {
        return new IntrospectionResult(false, null, null, null, null, List.of(), Set.of(), null, Map.of());
    }

    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    @Override
    public String toString() {
        return "IntrospectionResult[active=" + active + ", clientId=" + clientId + ", scopes=" + scopes
                + ", expiresAt=" + expiresAt + "]";
    }
}
