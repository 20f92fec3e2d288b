package dev.offlineaccess.provider;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.offlineaccess.provider.InvalidIdTokenException.Reason;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * The ID token checks of OIDC Core section 3.1.3.7, in order: JWS (parse, algorithm, key, signature), {@code iss},
 * {@code aud}, {@code azp}, {@code exp}, {@code iat}, then {@code nonce} or {@code sub}.
 *
 * <p>Written on nimbus' JWS primitives instead of its {@code IDTokenValidator} because that one reads the system
 * time (we inject a {@link Clock}) and reports failures as message strings (we report a {@link Reason}).
 * Thread-safe; stateless apart from the shared key cache.
 */
final class IdTokenVerifier {
    private final String issuer;
    private final String clientId;
    private final JwsChecker jws;
    private final Duration skew;
    private final Clock clock;

    IdTokenVerifier(String issuer, String clientId, JwsChecker jws, Duration skew, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.jws = Objects.requireNonNull(jws, "jws");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param expectedNonce   the nonce to require, or {@code null} to skip that check
     * @param expectedSubject the {@code sub} to require, or {@code null} to skip that check
     */
    VerifiedIdToken verify(String idToken, String expectedNonce, String expectedSubject)
            throws InvalidIdTokenException, ProviderUnavailableException {
        JWTClaimsSet claims = signedClaims(idToken);
        String subject = claims.getSubject();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (subject == null || exp == null || iat == null || claims.getAudience().isEmpty()) {
            throw new InvalidIdTokenException(Reason.MALFORMED, "sub, aud, exp or iat is missing");
        }
        checkIssuerAndAudience(claims);
        Instant now = clock.instant();
        if (now.minus(skew).isAfter(exp.toInstant())) {
            throw new InvalidIdTokenException(Reason.EXPIRED, "expired at " + exp.toInstant() + ", now " + now);
        }
        if (iat.toInstant().isAfter(now.plus(skew))) {
            throw new InvalidIdTokenException(Reason.ISSUED_IN_FUTURE, "issued at " + iat.toInstant()
                    + ", now " + now + " (clock skew " + skew + ")");
        }
        if (expectedNonce != null && !same(expectedNonce, stringClaim(claims, "nonce"))) {
            throw new InvalidIdTokenException(Reason.NONCE_MISMATCH, "the nonce is missing or not the one sent");
        }
        if (expectedSubject != null && !expectedSubject.equals(subject)) {
            throw new InvalidIdTokenException(Reason.SUBJECT_MISMATCH, "the refreshed ID token names another"
                    + " subject than the original one");
        }
        return new VerifiedIdToken(subject, claims.getIssuer(), stringClaim(claims, "sid"), exp.toInstant(),
                iat.toInstant(), claims.toJSONObject(), idToken);
    }

    private JWTClaimsSet signedClaims(String idToken) throws InvalidIdTokenException, ProviderUnavailableException {
        try {
            return jws.verify(idToken);
        } catch (JwsChecker.JwsException e) {
            throw new InvalidIdTokenException(Reason.valueOf(e.failure().name()), e.getMessage());
        }
    }

    private void checkIssuerAndAudience(JWTClaimsSet claims) throws InvalidIdTokenException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new InvalidIdTokenException(Reason.WRONG_ISSUER, "iss is '" + claims.getIssuer()
                    + "', expected '" + issuer + "'");
        }
        List<String> audience = claims.getAudience();
        if (!audience.contains(clientId)) {
            throw new InvalidIdTokenException(Reason.WRONG_AUDIENCE, "aud " + audience + " does not contain the"
                    + " client id '" + clientId + "'");
        }
        String azp = stringClaim(claims, "azp");
        if (azp != null && !azp.equals(clientId)) {
            throw new InvalidIdTokenException(Reason.AZP_MISSING_OR_WRONG, "azp is '" + azp + "', expected '"
                    + clientId + "'");
        }
        if (azp == null && audience.size() > 1) {
            throw new InvalidIdTokenException(Reason.AZP_MISSING_OR_WRONG, "several audiences and no azp");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? s : null;
    }

    private static boolean same(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
