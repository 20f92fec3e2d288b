package dev.offlineaccess.config;

import java.util.Set;

/**
 * The catalogue of configuration keys: this adapter's own keys, the {@code keycloak.json} keys it maps, and the
 * {@code keycloak.json} keys it knowingly ignores. Used for the unknown-key warnings and their suggestions.
 * Stateless.
 */
final class Keys {
    /** This adapter's top-level keys. */
    static final Set<String> GENERIC = Set.of(
            "issuer", "client-id", "client-secret", "scopes", "callback-path", "logout-path",
            "post-logout-redirect", "backchannel-logout-path", "offline-access", "offline-prompt-consent",
            "principal-claim", "role-claims", "id-token-algorithms", "max-pending-logins", "ssl-required",
            "bearer-only", "bearer-paths", "audience", "introspection-cache-ttl", "jwt-cache-size", "clock-skew",
            "connect-timeout", "read-timeout", "store");

    /** {@code keycloak.json} keys that are translated into this adapter's settings. */
    static final Set<String> KEYCLOAK_MAPPED = Set.of(
            "realm", "auth-server-url", "resource", "credentials", "public-client", "principal-attribute",
            "use-resource-role-mappings", "connection-timeout-millis", "socket-timeout-millis");

    /** {@code keycloak.json} keys this adapter has no use for; reported together in one warning. */
    static final Set<String> KEYCLOAK_IGNORED = Set.of(
            "realm-public-key", "confidential-port", "enable-cors", "cors-max-age", "cors-allowed-methods",
            "cors-allowed-headers", "cors-exposed-headers", "expose-token", "autodetect-bearer-only",
            "enable-basic-auth", "connection-pool-size", "connection-ttl-millis", "allow-any-hostname",
            "disable-trust-manager", "truststore", "truststore-password", "client-keystore",
            "client-keystore-password", "client-key-password", "always-refresh-token", "register-node-at-startup",
            "register-node-period", "token-store", "adapter-state-cookie-path", "turn-off-change-session-id-on-login",
            "token-minimum-time-to-live", "min-time-between-jwks-requests", "public-key-cache-ttl", "policy-enforcer",
            "ignore-oauth-query-parameter", "verify-token-audience", "enable-pkce", "proxy-url",
            "redirect-rewrite-rules", "auth-server-url-for-backend-requests");

    /** Keys of the {@code credentials} object of {@code keycloak.json}. */
    static final Set<String> CREDENTIALS = Set.of("secret", "provider", "jwt", "secret-jwt");

    /** Keys of the {@code store} object. */
    static final Set<String> STORE = Set.of(
            "jdbc-url", "user", "password", "h2-file", "encryption-keys", "encryption-key", "development-mode",
            "dev-key-file", "keep-alive");

    /** Keys of one element of {@code store.encryption-keys}. */
    static final Set<String> ENCRYPTION_KEY = Set.of("id", "key");

    /** Keys of the {@code store.keep-alive} object. */
    static final Set<String> KEEP_ALIVE = Set.of("enabled", "idle-timeout", "fraction", "interval", "concurrency");

    private Keys() {
    }
}
