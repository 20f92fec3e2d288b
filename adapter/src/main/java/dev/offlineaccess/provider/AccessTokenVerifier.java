package dev.offlineaccess.provider;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.offlineaccess.provider.InvalidAccessTokenException.Reason;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Local checks of a JWT access token (RFC 9068 in spirit, Keycloak in practice): JWS by a provider key with an
 * asymmetric algorithm, {@code iss}, {@code exp} and {@code nbf} within the clock skew, the audience in {@code aud}
 * or as {@code azp}, and not a Keycloak ID or refresh token ({@code typ} claim other than {@code Bearer}).
 * Thread-safe.
 */
final class AccessTokenVerifier {
    private final String issuer;
    private final JwsChecker jws;
    private final Duration skew;
    private final Clock clock;

    AccessTokenVerifier(String issuer, Set<String> algorithms, JwksKeys keys, Duration skew, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.jws = new JwsChecker(asymmetric(algorithms), keys, null);
        this.skew = Objects.requireNonNull(skew, "skew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The asymmetric algorithms of the list; RS256 when it has none (access tokens are never MACed for us). */
    static Set<String> asymmetric(Set<String> algorithms) {
        Set<String> out = algorithms.stream()
                .filter(name -> JWSAlgorithm.Family.SIGNATURE.contains(JWSAlgorithm.parse(name)))
                .collect(Collectors.toUnmodifiableSet());
        return out.isEmpty() ? Set.of(JWSAlgorithm.RS256.getName()) : out;
    }

    VerifiedAccessToken verify(String jwt, String audience)
            throws InvalidAccessTokenException, ProviderUnavailableException {
        JWTClaimsSet claims;
        try {
            claims = jws.verify(jwt);
        } catch (JwsChecker.JwsException e) {
            throw new InvalidAccessTokenException(Reason.valueOf(e.failure().name()), e.getMessage());
        }
        Object typ = claims.getClaim("typ");
        if (typ != null && !"Bearer".equals(typ)) {
            throw new InvalidAccessTokenException(Reason.NOT_AN_ACCESS_TOKEN, "the token is not an access token");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new InvalidAccessTokenException(Reason.WRONG_ISSUER, "the token was issued by another issuer");
        }
        checkTimes(claims);
        List<String> aud = claims.getAudience();
        String azp = claims.getClaim("azp") instanceof String s ? s : null;
        if (!aud.contains(audience) && !audience.equals(azp)) {
            throw new InvalidAccessTokenException(Reason.WRONG_AUDIENCE, "the token is not meant for this audience");
        }
        String scope = claims.getClaim("scope") instanceof String s ? s : null;
        return new VerifiedAccessToken(claims.getSubject(), claims.getIssuer(), aud, azp,
                claims.getExpirationTime().toInstant(), Claims.scopes(scope), claims.toJSONObject());
    }

    private void checkTimes(JWTClaimsSet claims) throws InvalidAccessTokenException {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidAccessTokenException(Reason.MALFORMED, "the token has no expiry");
        }
        Instant now = clock.instant();
        if (now.minus(skew).isAfter(exp.toInstant())) {
            throw new InvalidAccessTokenException(Reason.EXPIRED, "the token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
            throw new InvalidAccessTokenException(Reason.NOT_YET_VALID, "the token is not valid yet");
        }
    }
}
