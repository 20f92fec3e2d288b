package dev.offlineaccess.bearer;

/**
 * The provider, as far as checking access tokens goes. Implementations never throw for a bad token or an
 * unreachable provider: they answer with a {@link TokenCheck}. Thread-safe.
 */
interface TokenVerifier {

    /**
     * Verifies a JWT access token locally: signature by a key of the provider's JWKS, {@code iss}, {@code exp} and
     * {@code nbf} within the clock skew, {@code audience} in {@code aud} or equal to {@code azp}.
     */
    TokenCheck verifyJwt(String jwt, String audience);

    /**
     * Asks the provider's RFC 7662 introspection endpoint. An inactive token, or a provider without an introspection
     * endpoint, gives {@link TokenCheck.Rejected}; an active one gives {@link TokenCheck.Valid} with every member
     * of the answer (audience and token type are not checked here).
     */
    TokenCheck introspect(String token);

    /**
     * Changes whenever the provider's key set changes (see {@code OidcProvider#keySetGeneration()}); a decorator
     * must pass it through, or answers kept under an old key set would never be dropped.
     */
    long keySetGeneration();
}
