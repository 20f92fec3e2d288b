package dev.offlineaccess.testing.keycloak;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small client for what the tests do to Keycloak behind the adapter's back: the admin REST API (through the
 * realm's {@code harness-admin} service account) and the customer-portal client's own token calls (password
 * grant, refresh, revocation).
 *
 * <p>Bound to one realm. Thread-safe: the only state is a cached admin token. Arguments must not be null.
 * Failing admin calls throw {@link KeycloakAdminException}; token-endpoint calls return a {@link GrantResult}
 * whatever the status, so tests can assert on Keycloak's errors.
 */
public final class KeycloakAdmin {

    private static final long TOKEN_MARGIN_SECONDS = 10;

    private final URI baseUrl;
    private final String realm;
    private String adminToken;
    private Instant adminTokenExpiry = Instant.EPOCH;

    public KeycloakAdmin(URI baseUrl, String realm) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.realm = Objects.requireNonNull(realm, "realm");
    }

    /** An admin client for {@code realm} of the Keycloak at {@link KeycloakServer#baseUrl()}. */
    public static KeycloakAdmin forRealm(String realm) {
        return new KeycloakAdmin(KeycloakServer.baseUrl(), realm);
    }

    public String realm() {
        return realm;
    }

    // --- token endpoint, as the customer-portal client ----------------------------------------------------

    /** Password grant as {@code customer-portal} in {@code realm}, e.g. with scope {@code openid offline_access}. */
    public GrantResult directGrant(String realm, String username, String password, String scope) {
        return tokenCall(realm, Map.of("grant_type", "password", "username", username, "password", password,
                "scope", scope));
    }

    /** Password grant in this admin's realm. */
    public GrantResult directGrant(String username, String password, String scope) {
        return directGrant(realm, username, password, scope);
    }

    /** Refresh-token grant as {@code customer-portal} in this realm. */
    public GrantResult refresh(String refreshToken) {
        return tokenCall(realm, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /**
     * RFC 7009 revocation of a refresh (or offline) token as {@code customer-portal}; returns the HTTP status.
     * Keycloak answers 200 also for unknown or already revoked tokens.
     */
    public int revoke(String refreshToken) {
        return KeycloakHttp.postForm(KeycloakServer.endpoint(realm, "revoke"), withClient(DemoRealms.CLIENT_ID,
                DemoRealms.CLIENT_SECRET, Map.of("token", refreshToken, "token_type_hint", "refresh_token")), null)
                .statusCode();
    }

    private GrantResult tokenCall(String realm, Map<String, String> form) {
        HttpResponse<String> response = KeycloakHttp.postForm(KeycloakServer.endpoint(realm, "token"),
                withClient(DemoRealms.CLIENT_ID, DemoRealms.CLIENT_SECRET, form), null);
        return new GrantResult(response.statusCode(), KeycloakHttp.object(response.body()));
    }

    private static Map<String, String> withClient(String clientId, String secret, Map<String, String> form) {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("client_id", clientId);
        all.put("client_secret", secret);
        return all;
    }

    // --- admin REST API ------------------------------------------------------------------------------------

    /** A valid admin access token of the {@code harness-admin} service account (cached until shortly before expiry). */
    public synchronized String adminToken() {
        if (adminToken == null || Instant.now().isAfter(adminTokenExpiry)) {
            GrantResult result = tokenCallAsHarness();
            if (!result.ok()) {
                throw new KeycloakAdminException("POST", "token (client_credentials as harness-admin)",
                        result.status(), result.error() + ": " + result.errorDescription());
            }
            adminToken = result.accessToken();
            long lifetime = ((Number) result.body().get("expires_in")).longValue();
            adminTokenExpiry = Instant.now().plusSeconds(Math.max(0, lifetime - TOKEN_MARGIN_SECONDS));
        }
        return adminToken;
    }

    private GrantResult tokenCallAsHarness() {
        HttpResponse<String> response = KeycloakHttp.postForm(KeycloakServer.endpoint(realm, "token"),
                withClient(DemoRealms.HARNESS_CLIENT_ID, DemoRealms.HARNESS_CLIENT_SECRET,
                        Map.of("grant_type", "client_credentials")), null);
        return new GrantResult(response.statusCode(), KeycloakHttp.object(response.body()));
    }

    /** The internal id (the {@code sub} claim) of {@code username}. */
    public String userId(String username) {
        List<Object> users = KeycloakHttp.array(call("GET", "users?exact=true&username="
                + KeycloakHttp.encode(username), null, 200));
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no user " + username + " in realm " + realm);
        }
        return (String) map(users.get(0)).get("id");
    }

    /** The internal id of the client with {@code clientId}. */
    public String clientUuid(String clientId) {
        List<Object> clients = KeycloakHttp.array(call("GET", "clients?clientId="
                + KeycloakHttp.encode(clientId), null, 200));
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no client " + clientId + " in realm " + realm);
        }
        return (String) map(clients.get(0)).get("id");
    }

    /**
     * Revokes the user's consent for the client, as "Revoke" on the account console's applications page does:
     * all of the user's offline sessions for that client end.
     */
    public void deleteConsents(String username, String clientId) {
        call("DELETE", "users/" + userId(username) + "/consents/" + KeycloakHttp.encode(clientId), null, 204);
    }

    /** The user's offline sessions that hold tokens of {@code clientId}. */
    public List<SessionInfo> offlineSessions(String username, String clientId) {
        return parseSessions(call("GET", "users/" + userId(username) + "/offline-sessions/" + clientUuid(clientId),
                null, 200));
    }

    /** The user's online (SSO) sessions. */
    public List<SessionInfo> sessions(String username) {
        return parseSessions(call("GET", "users/" + userId(username) + "/sessions", null, 200));
    }

    /**
     * The admin console's "Sign out" of a user: sets the user's not-before to now, so every older token,
     * offline ones included, is refused with {@code Stale token}.
     */
    public void logoutUser(String username) {
        call("POST", "users/" + userId(username) + "/logout", "", 204);
    }

    /** Disables or enables the user; a disabled user's tokens are refused with {@code User disabled}. */
    public void setUserEnabled(String username, boolean enabled) {
        String path = "users/" + userId(username);
        Map<String, Object> user = KeycloakHttp.object(call("GET", path, null, 200));
        user.put("enabled", enabled);
        call("PUT", path, KeycloakHttp.json(user), 204);
    }

    /** Ends a session by id; {@code offline} selects the offline session (which also ends the online one). */
    public void deleteSession(String sessionId, boolean offline) {
        call("DELETE", "sessions/" + KeycloakHttp.encode(sessionId) + "?isOffline=" + offline, null, 204);
    }

    /** Gives the user a realm role, e.g. {@code offline_access}. */
    public void grantRealmRole(String username, String role) {
        call("POST", "users/" + userId(username) + "/role-mappings/realm", "[" + call("GET", "roles/"
                + KeycloakHttp.encode(role), null, 200) + "]", 204);
    }

    /**
     * Takes a realm role from the user; without {@code offline_access} the user's offline tokens are refused
     * with {@code Offline session invalid because offline access not granted anymore}.
     */
    public void revokeRealmRole(String username, String role) {
        call("DELETE", "users/" + userId(username) + "/role-mappings/realm", "[" + call("GET", "roles/"
                + KeycloakHttp.encode(role), null, 200) + "]", 204);
    }

    private static List<SessionInfo> parseSessions(String json) {
        return KeycloakHttp.array(json).stream().map(KeycloakAdmin::map).map(SessionInfo::fromJson).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    private String call(String method, String path, String jsonBody, int expectedStatus) {
        URI uri = URI.create(baseUrl + "/admin/realms/" + realm + "/" + path);
        HttpRequest.BodyPublisher body = jsonBody == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        HttpRequest request = KeycloakHttp.request(uri, adminToken())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body)
                .build();
        HttpResponse<String> response = KeycloakHttp.send(request);
        if (response.statusCode() != expectedStatus) {
            throw new KeycloakAdminException(method, uri.getPath(), response.statusCode(), response.body());
        }
        return response.body();
    }
}
