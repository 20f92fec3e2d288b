package dev.offlineaccess.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A JWT access token verified locally by {@link OidcProvider#verifyJwtAccessToken}: signature by a key of the
 * provider's JWKS, {@code iss}, {@code exp}/{@code nbf} within the clock skew, audience in {@code aud} or
 * {@code azp}. Immutable and thread-safe; {@link #claims()} is deep-immutable. Holds no raw token.
 *
 * @param subject         {@code sub}, or {@code null} (some service-account tokens have none)
 * @param issuer          {@code iss}, never {@code null}
 * @param audience        {@code aud} as a list, never {@code null}
 * @param authorizedParty {@code azp}, or {@code null}
 * @param expiresAt       {@code exp}, never {@code null}
 * @param scopes          {@code scope} split on spaces, never {@code null}
 * @param claims          every claim of the payload, never {@code null}
 */
public record VerifiedAccessToken(String subject, String issuer, List<String> audience, String authorizedParty,
                                  Instant expiresAt, Set<String> scopes, Map<String, Object> claims) {
    public VerifiedAccessToken {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(expiresAt, "expiresAt");
        audience = List.copyOf(audience);
        scopes = Set.copyOf(scopes);
        claims = Claims.freeze(claims);
    }

    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    public Optional<String> stringClaim(String name) {
        return Optional.ofNullable(Claims.string(claims, name));
    }

    @Override
    public String toString() {
        return "VerifiedAccessToken[issuer=" + issuer + ", audience=" + audience + ", azp=" + authorizedParty
                + ", expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
