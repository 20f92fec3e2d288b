package dev.offlineaccess.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The fake provider's keys: RSA signing keys published in the JWKS (the newest signs), one RSA key never published
 * (for "unknown kid"), and an internal HS512 key for refresh tokens, as Keycloak does. RSA key pairs come from a
 * JVM-wide pool so that starting many fake providers stays cheap; every instance gives them fresh key ids.
 * Thread-safe.
 */
final class FakeKeys {
    private static final List<KeyPair> POOL = new ArrayList<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<RSAKey> published = new ArrayList<>();
    private final RSAKey unpublished;
    private final byte[] refreshKey = new byte[64];
    private final String refreshKeyId = UUID.randomUUID().toString();
    private int poolIndex;

    FakeKeys() {
        RANDOM.nextBytes(refreshKey);
        published.add(rsa(pooled(poolIndex++)));
        unpublished = rsa(pooled(poolIndex++));
    }

    private static KeyPair pooled(int index) {
        synchronized (POOL) {
            while (POOL.size() <= index) {
                try {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048);
                    POOL.add(generator.generateKeyPair());
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            return POOL.get(index);
        }
    }

    private static RSAKey rsa(KeyPair pair) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyID(UUID.randomUUID().toString()).build();
    }

    /** A new signing key; the previous ones stay published. Returns the new key id. */
    synchronized String rotate() {
        RSAKey next = rsa(pooled(poolIndex++));
        published.add(next);
        return next.getKeyID();
    }

    /** Stops publishing every key but the current one (tokens signed by older keys then fail). */
    synchronized void retireOldKeys() {
        RSAKey current = current();
        published.clear();
        published.add(current);
    }

    synchronized String currentKeyId() {
        return current().getKeyID();
    }

    synchronized Set<String> publishedKeyIds() {
        return published.stream().map(JWK::getKeyID).collect(Collectors.toUnmodifiableSet());
    }

    synchronized JWKSet publicJwks() {
        return new JWKSet(new ArrayList<>(published)).toPublicJWKSet();
    }

    private synchronized RSAKey current() {
        return published.get(published.size() - 1);
    }

    String signRs256(JWTClaimsSet claims) {
        return sign(current(), claims);
    }

    String signWithUnpublishedKey(JWTClaimsSet claims) {
        return sign(unpublished, claims);
    }

    /** Signed by the current key, then one signature byte flipped. */
    String signWithBadSignature(JWTClaimsSet claims) {
        String[] parts = signRs256(claims).split("\\.");
        byte[] signature = new Base64URL(parts[2]).decode();
        signature[signature.length / 2] ^= 0x5A;
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
    }

    static String unsecured(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    static String signHs256(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 needs a secret of at least 32 bytes", e);
        }
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by the current key with this header {@code typ} ({@code null}: no {@code typ} at all). */
    String signRs256WithType(JWTClaimsSet claims, String type) {
        RSAKey key = current();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
        if (type != null) {
            header.type(new JOSEObjectType(type));
        }
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A refresh token: HS512 with the internal key, so clients can read but not verify it (like Keycloak). */
    String signRefreshToken(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS512).type(JOSEObjectType.JWT)
                    .keyID(refreshKeyId).build(), claims);
            jwt.sign(new MACSigner(refreshKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a refresh token this provider signed, or {@code null}. */
    JWTClaimsSet verifyRefreshToken(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            return jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.HS512) && jwt.verify(new MACVerifier(refreshKey))
                    ? jwt.getJWTClaimsSet() : null;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    /** The claims of an RS256 token signed by a published key, or {@code null}. */
    synchronized JWTClaimsSet verifySigned(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            for (RSAKey key : published) {
                if (key.getKeyID().equals(jwt.getHeader().getKeyID()) && jwt.verify(new RSASSAVerifier(key))) {
                    return jwt.getJWTClaimsSet();
                }
            }
            return null;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }
}
