package dev.offlineaccess.testing;

/**
 * How the ID tokens {@link FakeOpenIdProvider} issues are broken, while set with
 * {@link FakeOpenIdProvider#idTokenFault}. Each value breaks exactly one check.
 */
public enum IdTokenFault {
    /** {@code nonce} differs from the one of the authorization request. */
    WRONG_NONCE,
    /** No {@code nonce} claim. */
    MISSING_NONCE,
    /** {@code iss} is another realm. */
    WRONG_ISSUER,
    /** {@code aud} is another client (and {@code azp} too). */
    WRONG_AUDIENCE,
    /** {@code aud} is the client plus another one, and there is no {@code azp}. */
    EXTRA_AUDIENCE_WITHOUT_AZP,
    /** {@code azp} names another client. */
    WRONG_AZP,
    /** An unsecured JWT: header {@code alg: none}, no signature. */
    ALG_NONE,
    /** Signed with HS256 (the client secret as key). */
    HS256,
    /** A valid structure whose signature bytes are altered. */
    BAD_SIGNATURE,
    /** Signed by a key that the JWKS never publishes. */
    UNKNOWN_KID,
    /** {@code exp} an hour ago. */
    EXPIRED,
    /** {@code iat} an hour ahead. */
    ISSUED_IN_FUTURE,
    /** {@code sub} is another user (for refreshed ID tokens). */
    OTHER_SUBJECT
}
