package dev.offlineaccess.testing;

/** The endpoints of {@link FakeOpenIdProvider}, for fault injection, counters and recorded requests. */
public enum Endpoint {
    /** {@code /.well-known/openid-configuration} */
    DISCOVERY("/.well-known/openid-configuration"),
    /** {@code /protocol/openid-connect/certs} */
    JWKS("/protocol/openid-connect/certs"),
    /** {@code /protocol/openid-connect/auth} */
    AUTHORIZATION("/protocol/openid-connect/auth"),
    /** {@code /protocol/openid-connect/token} */
    TOKEN("/protocol/openid-connect/token"),
    /** {@code /protocol/openid-connect/userinfo} */
    USERINFO("/protocol/openid-connect/userinfo"),
    /** {@code /protocol/openid-connect/revoke} */
    REVOCATION("/protocol/openid-connect/revoke"),
    /** {@code /protocol/openid-connect/token/introspect} */
    INTROSPECTION("/protocol/openid-connect/token/introspect"),
    /** {@code /protocol/openid-connect/logout} (RP-initiated logout, and Keycloak's back-channel POST) */
    END_SESSION("/protocol/openid-connect/logout");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    /** The path below the issuer, Keycloak's layout. */
    public String path() {
        return path;
    }
}
