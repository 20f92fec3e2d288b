package dev.offlineaccess.testing;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.Secret;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenID Provider inside the test JVM, on a random 127.0.0.1 port, that behaves like Keycloak 26 where the
 * adapter cares (token shapes, offline tokens, rotation and reuse detection, exact error strings) and misbehaves on
 * command (faults, delays, broken ID tokens, down and up again).
 *
 * <pre>{@code
 * try (var op = FakeOpenIdProvider.start()) {
 *     op.addUser("alice");
 *     op.rotation(true);
 *     OidcProvider provider = new OidcProvider(op.clientSettings(), http, Set.of("RS256"), op.clock());
 *     ...
 * }
 * }</pre>
 *
 * <p>Defaults: realm path {@value #DEFAULT_REALM_PATH} (issuer {@code http://127.0.0.1:<port>/realms/test}), a
 * confidential client {@value #DEFAULT_CLIENT_ID} with secret {@link #DEFAULT_CLIENT_SECRET} (basic and post
 * accepted), rotation off, access tokens for 60 s, offline idle timeout 30 days, PKCE S256 required, a fresh
 * {@link TestClock}. Users log in without a form: the user queued with {@link #nextLogin}, else the
 * {@link #defaultUser}, else the only user. Passwords default to the username.
 *
 * <p>Thread-safe: all switches may be flipped while requests run. Never logs tokens.
 */
public final class FakeOpenIdProvider implements AutoCloseable {
    public static final String DEFAULT_CLIENT_ID = "customer-portal";
    /** At least 32 bytes, so {@link IdTokenFault#HS256} can sign with it. */
    public static final String DEFAULT_CLIENT_SECRET = "customer-portal-secret-0123456789abcdef";
    public static final String DEFAULT_REALM_PATH = "/realms/test";

    private final FakeSettings settings;
    private final FakeKeys keys = new FakeKeys();
    private final FakeRealm realm;
    private final FakeRefreshRules refreshRules;
    private final FakeAdminActions admin;
    private final FakeServer server;
    private final int port;

    /** A provider with every default, started. */
    public static FakeOpenIdProvider start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings fixed at start. Not thread-safe; use once. */
    public static final class Builder {
        private String realmPath = DEFAULT_REALM_PATH;
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private TestClock clock;
        private boolean rotation;
        private Duration accessTokenLifetime = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The path of the issuer below {@code http://127.0.0.1:<port>}, e.g. {@code /realms/demo}. */
        public Builder realmPath(String path) {
            if (!path.startsWith("/") || path.endsWith("/")) {
                throw new IllegalArgumentException("realm path must start and not end with '/': " + path);
            }
            this.realmPath = path;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId);
            return this;
        }

        public Builder clientSecret(String secret) {
            this.clientSecret = Objects.requireNonNull(secret);
            return this;
        }

        /** A public client: {@code client_id} alone, no secret. */
        public Builder publicClient() {
            this.clientSecret = null;
            return this;
        }

        public Builder clock(TestClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder rotation(boolean on) {
            this.rotation = on;
            return this;
        }

        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = Objects.requireNonNull(lifetime);
            return this;
        }

        public FakeOpenIdProvider start() {
            FakeSettings settings = new FakeSettings(realmPath, clientId, clientSecret,
                    clock == null ? new TestClock() : clock, rotation);
            settings.accessTokenLifetime = accessTokenLifetime;
            return new FakeOpenIdProvider(settings);
        }
    }

    private FakeOpenIdProvider(FakeSettings settings) {
        this.settings = settings;
        this.realm = new FakeRealm(settings, keys);
        this.refreshRules = new FakeRefreshRules(realm);
        this.admin = new FakeAdminActions(realm);
        FakeResourceEndpoints other = new FakeResourceEndpoints(settings, realm, refreshRules);
        Map<Endpoint, FakeHandler> handlers = new EnumMap<>(Endpoint.class);
        handlers.put(Endpoint.DISCOVERY, other::discovery);
        handlers.put(Endpoint.JWKS, other::jwks);
        handlers.put(Endpoint.AUTHORIZATION, new FakeAuthorizationEndpoint(settings, realm));
        handlers.put(Endpoint.TOKEN, new FakeTokenEndpoint(settings, realm, refreshRules));
        handlers.put(Endpoint.USERINFO, other::userInfo);
        handlers.put(Endpoint.REVOCATION, other::revoke);
        handlers.put(Endpoint.INTROSPECTION, other::introspect);
        handlers.put(Endpoint.END_SESSION, other::endSession);
        this.server = new FakeServer(settings.realmPath, handlers);
        this.port = server.start(0);
        settings.issuer = "http://127.0.0.1:" + port + settings.realmPath;
    }

    // ---- where it is ----

    /** {@code http://127.0.0.1:<port>/realms/test}: equal to the discovered issuer (unless told otherwise). */
    public URI issuer() {
        return URI.create(settings.issuer);
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public String clientId() {
        return settings.clientId;
    }

    /** The client secret, or {@code null} for a public client. */
    public String clientSecret() {
        return settings.clientSecret;
    }

    /** Client settings for the adapter pointing at this provider. */
    public ClientSettings clientSettings() {
        return new ClientSettings(issuer(), settings.clientId,
                settings.clientSecret == null ? null : new Secret(settings.clientSecret));
    }

    /** The provider's clock; share it with the code under test and {@link TestClock#advance} it. */
    public TestClock clock() {
        return settings.clock;
    }

    /** The full URI of an endpoint. */
    public URI endpoint(Endpoint endpoint) {
        return URI.create(settings.issuer + endpoint.path());
    }

    // ---- users and logins ----

    /** A user with the {@code offline_access} role, subject {@code sub-<username>}, email and name claims. */
    public FakeUser addUser(String username) {
        return addUser(username, "sub-" + username, Set.of("default-roles-" + settings.realmName, "user"), true,
                Map.of());
    }

    /** A user without the {@code offline_access} role: asking for offline access fails with {@code not_allowed}. */
    public FakeUser addUserWithoutOfflineAccess(String username) {
        return addUser(username, "sub-" + username, Set.of("default-roles-" + settings.realmName, "user"), false,
                Map.of());
    }

    /**
     * A user. {@code offline_access} is added to (or removed from) the realm roles to match {@code offlineAllowed};
     * {@code email} ({@code <username>@example.test}) and {@code name} are added unless {@code claims} has them.
     */
    public FakeUser addUser(String username, String subject, Set<String> realmRoles, boolean offlineAllowed,
                            Map<String, Object> claims) {
        Set<String> roles = new HashSet<>(realmRoles);
        if (offlineAllowed) {
            roles.add("offline_access");
        } else {
            roles.remove("offline_access");
        }
        Map<String, Object> allClaims = new LinkedHashMap<>();
        allClaims.put("email", username + "@example.test");
        allClaims.put("name", username.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + username.substring(1));
        allClaims.putAll(claims);
        return realm.addUser(new FakeUser(username, subject, username, roles, Set.of("customer"), offlineAllowed,
                allClaims));
    }

    public FakeUser user(String username) {
        return realm.state(username).user;
    }

    /** Queues the user who logs in at the next authorization request. */
    public FakeOpenIdProvider nextLogin(String username) {
        realm.nextLogin(username);
        return this;
    }

    /** The user who logs in when none is queued. */
    public FakeOpenIdProvider defaultUser(String username) {
        realm.defaultUser(username);
        return this;
    }

    /** The next authorization request redirects back with {@code error=access_denied}. */
    public FakeOpenIdProvider denyNextLogin() {
        realm.denyNextLogin();
        return this;
    }

    /**
     * Sends the browser's GET of an authorization request URI (as built by the code under test) and returns where
     * the provider redirected, without following it.
     */
    public AuthorizationRedirect authorize(URI authorizationRequest) {
        return AuthorizationRedirect.follow(authorizationRequest);
    }

    /** The code of the last successful login (to replay it). */
    public String lastIssuedCode() {
        return realm.lastIssuedCode();
    }

    // ---- realm policy ----

    /** Keycloak's "Revoke Refresh Token" with max reuse 0. */
    public FakeOpenIdProvider rotation(boolean on) {
        settings.rotation = on;
        return this;
    }

    public FakeOpenIdProvider accessTokenLifetime(Duration lifetime) {
        settings.accessTokenLifetime = Objects.requireNonNull(lifetime);
        return this;
    }

    public FakeOpenIdProvider offlineIdleTimeout(Duration timeout) {
        settings.offlineIdleTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** Which client authentication methods discovery lists and the endpoints accept. */
    public FakeOpenIdProvider tokenEndpointAuthMethods(String... methods) {
        settings.tokenEndpointAuthMethods = List.of(methods);
        return this;
    }

    /** Discovery names this issuer instead of the real one ({@code null}: the real one again). */
    public FakeOpenIdProvider discoveryIssuer(String issuer) {
        settings.discoveryIssuer = issuer;
        return this;
    }

    // ---- admin actions (Keycloak's effect on later refreshes in the comment) ----

    /** Deletes the user's offline sessions: {@code invalid_grant "Offline user session not found"}. */
    public void revokeOfflineSessions(String username) {
        admin.revokeOfflineSessions(username);
    }

    /** Admin "sign out": not-before now, online sessions gone; older tokens get {@code "Stale token"}. */
    public void logoutUser(String username) {
        admin.logoutUser(username);
    }

    /** {@code invalid_grant "User disabled"} until {@link #enableUser}. */
    public void disableUser(String username) {
        admin.setEnabled(username, false);
    }

    public void enableUser(String username) {
        admin.setEnabled(username, true);
    }

    /**
     * {@code invalid_scope "Client no longer has requested consent from user"}. (Measured Keycloak 26 deletes the
     * offline sessions when the consent is revoked through the admin API, giving "Offline user session not found";
     * use {@link #revokeOfflineSessions} for that.)
     */
    public void revokeConsent(String username) {
        admin.revokeConsent(username);
    }

    /** Removes the role: {@code "Offline session invalid because offline access not granted anymore"}. */
    public void removeOfflineRole(String username) {
        admin.removeOfflineRole(username);
    }

    // ---- keys and hand-made tokens ----

    /** A new signing key signs from now on; older keys stay published. Returns the new key id. */
    public String rotateSigningKey() {
        return keys.rotate();
    }

    /** Stops publishing all keys but the current one. */
    public void retireOldSigningKeys() {
        keys.retireOldKeys();
    }

    public String currentKeyId() {
        return keys.currentKeyId();
    }

    public Set<String> publishedKeyIds() {
        return keys.publishedKeyIds();
    }

    /** Any claims, RS256-signed with the current key (for hand-made access tokens). */
    public String signJwt(Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        return keys.signRs256(builder.build());
    }

    /**
     * Any claims, RS256-signed with the current key, with this header {@code typ} ({@code null}: no {@code typ}):
     * e.g. {@code logout+jwt}, as Keycloak 25+ types its back-channel logout tokens.
     */
    public String signJwt(String headerType, Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        return keys.signRs256WithType(builder.build(), headerType);
    }

    /** A valid access token for the user, from a password grant ({@code scope=openid}). */
    public String accessTokenFor(String username) {
        return String.valueOf(passwordGrant(username, "openid").get("access_token"));
    }

    /** The raw token-endpoint answer of a password grant (e.g. to import an offline token). */
    public Map<String, Object> passwordGrant(String username, String scope) {
        return admin.passwordGrant(username, scope);
    }

    /** An OIDC back-channel {@code logout_token} for the user's newest session (sid) and subject. */
    public String mintLogoutToken(String username) {
        return admin.logoutToken(username);
    }

    // ---- misbehaviour ----

    /** The endpoint answers with this fault until {@link #heal} (or {@code fail(endpoint, null)}). */
    public FakeOpenIdProvider fail(Endpoint endpoint, Fault fault) {
        server.fail(endpoint, fault);
        return this;
    }

    /** The endpoint waits this long before answering (real time: for read-timeout tests). */
    public FakeOpenIdProvider delay(Endpoint endpoint, Duration delay) {
        server.delay(endpoint, delay);
        return this;
    }

    /** Clears faults, delays and every misbehaviour switch; starts the server if stopped. */
    public FakeOpenIdProvider heal() {
        server.heal();
        settings.idTokenFault = null;
        settings.userInfoSubjectMismatch = false;
        settings.wrongCallbackIssuer = false;
        settings.discoveryIssuer = null;
        restart();
        return this;
    }

    /** Every ID token issued from now on is broken this way ({@code null}: correct again). */
    public FakeOpenIdProvider idTokenFault(IdTokenFault fault) {
        settings.idTokenFault = fault;
        return this;
    }

    public FakeOpenIdProvider userInfoSubjectMismatch(boolean on) {
        settings.userInfoSubjectMismatch = on;
        return this;
    }

    /** The authorization response's {@code iss} parameter names another issuer. */
    public FakeOpenIdProvider wrongCallbackIssuer(boolean on) {
        settings.wrongCallbackIssuer = on;
        return this;
    }

    /** Stops listening: connections are refused. State (users, sessions, tokens) is kept. */
    public void stop() {
        server.stop();
    }

    /** Listens again on the same port, with the same state. */
    public void restart() {
        server.start(port);
    }

    public boolean isRunning() {
        return server.running();
    }

    // ---- counters ----

    /** Refresh-token grants received (successful or not). */
    public long refreshCount() {
        return refreshRules.calls.get();
    }

    /** Refresh-token grants received whose token belonged to a session of this user. */
    public long refreshCount(String username) {
        AtomicLong count = refreshRules.callsPerUser.get(username);
        return count == null ? 0 : count.get();
    }

    public long successfulRefreshCount() {
        return refreshRules.successes.get();
    }

    public long failedRefreshCount() {
        return refreshRules.failures.get();
    }

    /** Requests an endpoint received (including faulted ones). */
    public long requestCount(Endpoint endpoint) {
        return server.count(endpoint);
    }

    /** The last request an endpoint received. */
    public Optional<RecordedRequest> lastRequest(Endpoint endpoint) {
        return Optional.ofNullable(server.lastRequest(endpoint));
    }

    /** The user's refresh tokens a refresh would accept right now (with rotation: only unused ones). */
    public Set<String> validRefreshTokens(String username) {
        return refreshRules.validTokens(username);
    }

    /** How many usable offline sessions the user has (a grant killed by reuse detection does not count). */
    public int offlineSessionCount(String username) {
        return (int) realm.sessionsOf(username).stream().filter(s -> s.offline && !s.clientRemoved).count();
    }

    @Override
    public void close() {
        server.stop();
    }
}
