package dev.offlineaccess.provider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.offlineaccess.config.Secret;

import java.security.Key;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the JWS layer of a JWT: parsable, {@code alg} allowed, a key of the provider (or, for {@code HS*}, the client
 * secret) that verifies the signature. Claims are the callers' business. Thread-safe; holds no mutable state.
 */
final class JwsChecker {
    private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();
    private final Set<JWSAlgorithm> allowed;
    private final JwksKeys keys;
    private final Secret clientSecret;

    /** Which JWS check failed. */
    enum Failure { MALFORMED, ALG_NOT_ALLOWED, UNKNOWN_KEY, BAD_SIGNATURE }

    /** A failed JWS check, with a message free of token content. */
    static final class JwsException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Failure failure;

        JwsException(Failure failure, String message) {
            super(message);
            this.failure = failure;
        }

        Failure failure() {
            return failure;
        }
    }

    /**
     * @param allowed      accepted algorithm names; {@code none} is dropped, and {@code HS*} unless a secret is given
     * @param keys         the provider's keys
     * @param clientSecret the client secret for {@code HS*}, or {@code null}
     */
    JwsChecker(Set<String> allowed, JwksKeys keys, Secret clientSecret) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clientSecret = clientSecret;
        this.allowed = allowed.stream().map(JWSAlgorithm::parse)
                .filter(alg -> !"none".equalsIgnoreCase(alg.getName()))
                .filter(alg -> clientSecret != null || !JWSAlgorithm.Family.HMAC_SHA.contains(alg))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The verified claims of a signed JWT. */
    JWTClaimsSet verify(String token) throws JwsException, ProviderUnavailableException {
        SignedJWT jwt = parse(token);
        JWSHeader header = jwt.getHeader();
        if (!allowed.contains(header.getAlgorithm())) {
            throw new JwsException(Failure.ALG_NOT_ALLOWED, "algorithm " + header.getAlgorithm() + " is not allowed");
        }
        boolean verified = JWSAlgorithm.Family.HMAC_SHA.contains(header.getAlgorithm())
                ? verifyWithSecret(jwt) : verifyWithProviderKey(jwt);
        if (!verified) {
            throw new JwsException(Failure.BAD_SIGNATURE, "the signature does not verify");
        }
        return claimsOf(jwt);
    }

    /**
     * The payload as claims, decoded with the JDK's base64url decoder: nimbus' own decoder (behind
     * {@code getJWTClaimsSet()}) was a fifth of a bearer check's time. The signature covered these exact bytes.
     */
    private static JWTClaimsSet claimsOf(SignedJWT jwt) throws JwsException {
        try {
            byte[] payload = java.util.Base64.getUrlDecoder().decode(jwt.getParsedParts()[1].toString());
            return JWTClaimsSet.parse(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        } catch (ParseException | IllegalArgumentException e) {
            throw new JwsException(Failure.MALFORMED, "the payload is not a JSON claims set");
        }
    }

    private static SignedJWT parse(String token) throws JwsException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(Objects.requireNonNull(token, "token"));
        } catch (ParseException e) {
            throw new JwsException(Failure.MALFORMED, "not a parsable JWT");
        } catch (NullPointerException | IllegalArgumentException | ClassCastException e) {
            // nimbus 10.x throws these for hostile headers such as the JSON literal null ("bnVsbA.e30.e30")
            throw new JwsException(Failure.MALFORMED, "not a parsable JWT");
        }
        if (jwt instanceof SignedJWT signed) {
            return signed;
        }
        throw new JwsException(Failure.ALG_NOT_ALLOWED, "not a signed JWT (alg " + jwt.getHeader().getAlgorithm()
                + "); unsecured and encrypted tokens are refused");
    }

    private boolean verifyWithProviderKey(SignedJWT jwt) throws JwsException, ProviderUnavailableException {
        List<JWK> candidates = keys.candidates(jwt.getHeader());
        if (candidates.isEmpty()) {
            throw new JwsException(Failure.UNKNOWN_KEY, "no key of the provider matches key id "
                    + jwt.getHeader().getKeyID() + " and algorithm " + jwt.getHeader().getAlgorithm());
        }
        for (Key key : keys.javaKeys(candidates)) {
            if (verifies(jwt, key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean verifies(SignedJWT jwt, Key key) {
        try {
            JWSVerifier verifier = VERIFIERS.createJWSVerifier(jwt.getHeader(), key);
            return jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;   // key type or length unusable for this algorithm: try the next key
        }
    }

    private boolean verifyWithSecret(SignedJWT jwt) throws JwsException {
        try {
            MACVerifier verifier = new MACVerifier(clientSecret.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            throw new JwsException(Failure.ALG_NOT_ALLOWED, "the client secret is too short for "
                    + jwt.getHeader().getAlgorithm());
        }
    }

    /** Claims as a plain map (for the records). */
    static Map<String, Object> claimsMap(JWTClaimsSet claims) {
        return claims.toJSONObject();
    }
}
