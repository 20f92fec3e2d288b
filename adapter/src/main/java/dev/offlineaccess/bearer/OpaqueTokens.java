package dev.offlineaccess.bearer;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opaque (non-JWT) access tokens: asked about by RFC 7662 introspection, answers reused through an
 * {@link IntrospectionCache}. An active answer must name our audience in {@code aud}, {@code azp} or
 * {@code client_id} (RFC 7662 section 4 leaves that check to the resource server). Thread-safe; two concurrent first
 * requests with the same token may both introspect.
 */
final class OpaqueTokens {
    static final String NOT_FOR_US = "The access token is not meant for this resource";

    private final TokenVerifier verifier;
    private final IntrospectionCache cache;
    private final String audience;

    OpaqueTokens(TokenVerifier verifier, IntrospectionCache cache, String audience) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.audience = Objects.requireNonNull(audience, "audience");
    }

    TokenCheck check(String token) {
        Optional<TokenCheck> cached = cache.get(token);
        if (cached.isPresent()) {
            return cached.get();
        }
        TokenCheck answer = verifier.introspect(token);
        if (answer instanceof TokenCheck.Valid valid && !isForUs(valid.claims())) {
            answer = new TokenCheck.Rejected(NOT_FOR_US);
        }
        cache.put(token, answer, answer instanceof TokenCheck.Valid valid ? valid.expiresAt() : null);
        return answer;
    }

    private boolean isForUs(Map<String, Object> claims) {
        return ClaimPaths.strings(claims, "aud").contains(audience)
                || audience.equals(claims.get("azp"))
                || audience.equals(claims.get("client_id"));
    }
}
