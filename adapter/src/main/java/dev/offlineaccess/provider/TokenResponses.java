package dev.offlineaccess.provider;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;

/**
 * Turns a successful token-endpoint JSON answer into {@link IssuedTokens}. Stateless.
 *
 * <ul>
 *   <li>{@code access_token} is required (else {@link ProviderUnavailableException}: the answer is unusable).</li>
 *   <li>{@code expires_in} missing or not a number: {@link #DEFAULT_ACCESS_TOKEN_LIFETIME} (5 minutes, Keycloak's
 *       default access-token lifespan); negative values count as 0.</li>
 *   <li>The refresh token is opaque to us. When it is a JWT (Keycloak signs it HS512 with a key we do not have) its
 *       payload is decoded <em>without</em> verification, only for {@code typ} and {@code exp}.</li>
 *   <li>{@code refresh_expires_in}: a positive value is the expiry; {@code 0} (Keycloak's offline tokens) means
 *       none; absent means the refresh token's {@code exp}, if readable.</li>
 *   <li>{@code scope} is a set (order varies between answers); absent means the requested scopes.</li>
 * </ul>
 */
final class TokenResponses {
    /** Lifetime assumed when the answer has no {@code expires_in}. */
    static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private TokenResponses() {
    }

    static IssuedTokens parse(String operation, Map<String, Object> json, Set<String> requestedScopes, Clock clock)
            throws ProviderUnavailableException {
        Instant now = clock.instant();
        if (!(json.get("access_token") instanceof String accessToken) || accessToken.isEmpty()) {
            throw new ProviderUnavailableException(operation + ": the token response has no access_token");
        }
        Instant accessExpiry = now.plus(seconds(json.get("expires_in"), DEFAULT_ACCESS_TOKEN_LIFETIME));
        String refreshToken = json.get("refresh_token") instanceof String r && !r.isEmpty() ? r : null;
        JWTClaimsSet refreshClaims = refreshToken == null ? null : unverifiedClaims(refreshToken);
        String refreshType = refreshClaims == null ? null : stringClaim(refreshClaims, "typ");
        Instant refreshExpiry = refreshExpiry(json.get("refresh_expires_in"), refreshClaims, now);
        Set<String> scopes = json.get("scope") instanceof String scope
                ? Claims.scopes(scope) : (requestedScopes == null ? Set.of() : requestedScopes);
        String idToken = json.get("id_token") instanceof String id && !id.isEmpty() ? id : null;
        return new IssuedTokens(accessToken, accessExpiry, refreshToken, refreshType, refreshExpiry, scopes, idToken);
    }

    private static Duration seconds(Object value, Duration fallback) {
        if (value instanceof Number n) {
            return Duration.ofSeconds(Math.max(0, n.longValue()));
        }
        if (value instanceof String s) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(s.trim())));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static Instant refreshExpiry(Object refreshExpiresIn, JWTClaimsSet refreshClaims, Instant now) {
        if (refreshExpiresIn != null) {
            Duration lifetime = seconds(refreshExpiresIn, Duration.ZERO);
            return lifetime.isZero() ? null : now.plus(lifetime);
        }
        Date exp = refreshClaims == null ? null : refreshClaims.getExpirationTime();
        return exp == null ? null : exp.toInstant();
    }

    /** The payload of a JWT-shaped refresh token, unverified; {@code null} when it is not a readable JWT. */
    private static JWTClaimsSet unverifiedClaims(String refreshToken) {
        try {
            return JWTParser.parse(refreshToken).getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return null;   // an opaque token: nothing to read
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? s : null;
    }
}
