package dev.offlineaccess.benchmarks.nightly;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A throw-away Keycloak realm for the nightly-job benchmark, made through the admin REST API as the master realm's
 * {@code admin}: realm {@value #NAME}, the confidential client {@value #CLIENT_ID} with direct access grants, and
 * numbered users who may get offline tokens. Its password policy hashes with one PBKDF2 iteration, so that 10,000
 * password grants take minutes instead of an hour: it changes what a login costs, not what a refresh costs.
 * Deleted again by {@link #delete()}.
 */
final class BenchRealm {
    static final String NAME = "offline-access-bench";
    static final String CLIENT_ID = "customer-portal";
    static final String CLIENT_SECRET = "bench-client-secret";
    static final String PASSWORD = "bench-password";
    private static final int IMPORT_BATCH = 500;

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    BenchRealm(URI base) {
        this.base = base;
    }

    static String username(int i) {
        return String.format("bench-user-%05d", i);
    }

    String issuer() {
        return base + "/realms/" + NAME;
    }

    URI tokenEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    /** Deletes the realm if it exists, then creates it with {@code users} users. */
    void create(int users) throws IOException, InterruptedException {
        delete();
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", NAME);
        realm.put("enabled", true);
        realm.put("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        realm.put("accessTokenLifespan", 300);
        realm.put("offlineSessionIdleTimeout", 2_592_000);
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CLIENT_ID);
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("secret", CLIENT_SECRET);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", true);
        realm.put("clients", List.of(client));
        expect(admin("POST", "/admin/realms", realm), 201, "create the realm");
        for (int first = 0; first < users; first += IMPORT_BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = first; i < Math.min(users, first + IMPORT_BATCH); i++) {
                batch.add(user(username(i)));
            }
            expect(admin("POST", "/admin/realms/" + NAME + "/partialImport",
                    Map.of("ifResourceExists", "SKIP", "users", batch)), 200, "import users");
        }
    }

    private static Map<String, Object> user(String username) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", username + "@bench.example");
        user.put("emailVerified", true);
        user.put("firstName", "Bench");
        user.put("lastName", username);
        user.put("realmRoles", List.of("default-roles-" + NAME));
        user.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
        return user;
    }

    void delete() throws IOException, InterruptedException {
        HttpResponse<String> response = admin("DELETE", "/admin/realms/" + NAME, null);
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new IllegalStateException("deleting the realm answered " + response.statusCode());
        }
    }

    /** A password grant with {@code openid offline_access}; the offline token. */
    String offlineToken(String username) throws IOException, InterruptedException {
        HttpResponse<String> response = post(tokenEndpoint(), Map.of("grant_type", "password", "username", username,
                "password", PASSWORD, "scope", "openid offline_access", "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET), null);
        Map<String, Object> json = json(response.body());
        if (response.statusCode() != 200 || !(json.get("refresh_token") instanceof String token)) {
            throw new IllegalStateException("password grant of " + username + " answered " + response.statusCode()
                    + " " + json.get("error"));
        }
        return token;
    }

    private HttpResponse<String> admin(String method, String path, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + adminToken());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(asJson(body))));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asJson(Object body) {
        return (Map<String, Object>) body;
    }

    private String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> response = post(URI.create(base + "/realms/master/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"),
                null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the master admin login answered " + response.statusCode());
        }
        return (String) json(response.body()).get("access_token");
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form, String authorization)
            throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            return Map.of();
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": Keycloak answered " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }
}
