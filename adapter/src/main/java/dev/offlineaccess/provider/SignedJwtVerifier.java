package dev.offlineaccess.provider;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTParser;
import dev.offlineaccess.config.Secret;

import java.text.ParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the JWS layer of a JWT the provider signed with its ID-token keys, for tokens this package has no verifier
 * of its own for: OIDC back-channel {@code logout_token}s (Keycloak signs them like ID tokens). The checks are those
 * of {@link OidcProvider#verifyIdToken}: parsable, {@code alg} in the allow-list ({@code none} never; {@code HS*}
 * only with a client secret), a key of the provider's cached JWKS (re-fetched, throttled, for an unknown
 * {@code kid}) or the client secret that verifies the signature. The claims are not checked here: that is the
 * caller's business.
 *
 * <p>Thread-safe and stateless apart from the provider's shared key cache. Arguments must not be {@code null}
 * unless stated; results are never {@code null}.
 */
public final class SignedJwtVerifier {
    private final JwsChecker jws;

    private SignedJwtVerifier(JwsChecker jws) {
        this.jws = jws;
    }

    /**
     * A verifier sharing the provider's key cache.
     *
     * @param provider     whose JWKS the signatures are checked against
     * @param algorithms   accepted JWS algorithm names (usually the ID-token allow-list)
     * @param clientSecret the client secret for {@code HS*}, or {@code null} (then {@code HS*} is refused)
     */
    public static SignedJwtVerifier of(OidcProvider provider, Set<String> algorithms, Secret clientSecret) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(algorithms, "algorithms");
        return new SignedJwtVerifier(new JwsChecker(algorithms, provider.keys(), clientSecret));
    }

    /**
     * The header type and claims of a JWT whose signature verified.
     *
     * @throws Rejected                    the token is not a signed JWT we accept (see {@link Failure})
     * @throws ProviderUnavailableException the provider's keys could not be fetched
     */
    public Verified verify(String jwt) throws Rejected, ProviderUnavailableException {
        Objects.requireNonNull(jwt, "jwt");
        requireObjectHeader(jwt);
        try {
            Map<String, Object> claims = Claims.freeze(jws.verify(jwt).toJSONObject());
            JOSEObjectType type = JWTParser.parse(jwt).getHeader().getType();
            return new Verified(type == null ? null : type.getType(), claims);
        } catch (JwsChecker.JwsException e) {
            throw new Rejected(Failure.valueOf(e.failure().name()), e.getMessage());
        } catch (ParseException e) {
            throw new Rejected(Failure.MALFORMED, "not a parsable JWT");   // unreachable: verify parsed it already
        }
    }

    /**
     * Refuses a first segment that is not a JSON object with a string {@code alg} before nimbus parses it: nimbus
     * 10.9 throws a {@code NullPointerException} (not a {@code ParseException}) for a header of {@code null}.
     */
    private static void requireObjectHeader(String jwt) throws Rejected {
        int dot = jwt.indexOf('.');
        if (dot <= 0) {
            throw new Rejected(Failure.MALFORMED, "not a parsable JWT");
        }
        Map<String, Object> header;
        try {
            header = JSONObjectUtils.parse(new Base64URL(jwt.substring(0, dot)).decodeToString());
        } catch (ParseException e) {
            throw new Rejected(Failure.MALFORMED, "the JWT header is not a JSON object");
        }
        if (header == null || !(header.get("alg") instanceof String)) {
            throw new Rejected(Failure.MALFORMED, "the JWT header is not a JSON object with an alg");
        }
    }

    /**
     * A JWT whose signature verified.
     *
     * @param type   the header's {@code typ}, or {@code null} when absent
     * @param claims the payload, deep-immutable; {@code iat}, {@code exp} and {@code nbf} as seconds since the epoch
     */
    public record Verified(String type, Map<String, Object> claims) {
        public Verified {
            claims = Objects.requireNonNull(claims, "claims");
        }

        @Override
        public String toString() {
            return "Verified[type=" + type + ", claims=" + claims.keySet() + "]";
        }
    }

    /** Which JWS check failed. */
    public enum Failure {
        /** Not a parsable JWS, or its payload is not a JSON claims set. */
        MALFORMED,
        /** {@code alg} is not in the allow-list, is {@code none}, or the token is encrypted. */
        ALG_NOT_ALLOWED,
        /** No key of the provider's JWKS matches {@code kid} and {@code alg}, even after a re-fetch. */
        UNKNOWN_KEY,
        /** The signature does not verify. */
        BAD_SIGNATURE
    }

    /** The JWS check failed; the message names the check and never contains the token. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final Failure failure;

        public Rejected(Failure failure, String message) {
            super(message);
            this.failure = Objects.requireNonNull(failure, "failure");
        }

        public Failure failure() {
            return failure;
        }
    }
}
