package dev.offlineaccess.logout;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.SignedJwtVerifier;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Keycloak 26 sends its back-channel logout to our handler. Each test registers its own throw-away client in
 * the {@code demo} realm (so that nothing other tests rely on changes), signs {@code alice} in with it, ends that
 * one session through the admin API, and looks at what arrived.
 */
@ExtendWith(KeycloakServer.class)
class BackchannelLogoutKeycloakIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String SECRET = "backchannel-probe-secret-0123456789";

    private final KeycloakAdmin admin = KeycloakAdmin.forRealm(DemoRealms.DEMO);
    private final Clock clock = Clock.systemUTC();
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final List<VerifiedLogout> revoked = new CopyOnWriteArrayList<>();
    private final InMemoryEndedSessions registry = new InMemoryEndedSessions(clock);
    private HttpServer receiver;
    private String clientId;
    private String clientUuid;
    private BackchannelLogoutHandler handler;

    /** What Keycloak posted, and what our handler answered. */
    private record Delivery(String contentType, String logoutToken, BackchannelResult result) {
    }

    @BeforeEach
    void receiverAndHandler() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/backchannel-logout", this::receive);
        receiver.start();
        clientId = "backchannel-probe-" + UUID.randomUUID();
        ClientSettings client = new ClientSettings(URI.create(KeycloakServer.issuer(DemoRealms.DEMO)), clientId,
                new Secret(SECRET));
        OidcProvider provider = new OidcProvider(client, new HttpSettings(Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(60)), Set.of("RS256"), clock);
        LogoutTokenVerifier verifier = new LogoutTokenVerifier(SignedJwtVerifier.of(provider, Set.of("RS256"), null),
                client.issuer().toString(), clientId, registry, Duration.ofSeconds(60),
                LogoutTokenVerifier.DEFAULT_MAX_AGE, clock);
        handler = new BackchannelLogoutHandler(verifier, registry, revoked::add, BackchannelLogoutOptions.defaults(),
                clock);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (clientUuid != null) {
                adminCall("DELETE", "clients/" + clientUuid, null, 204);
            }
        } finally {
            receiver.stop(0);
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            Map<String, List<String>> form = parseForm(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            BackchannelResult result = handler.handle(contentType, form);
            List<String> tokens = form.getOrDefault("logout_token", List.of());
            deliveries.add(new Delivery(contentType, tokens.isEmpty() ? null : tokens.get(0), result));
            result.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = result.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(result.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static Map<String, List<String>> parseForm(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        k -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Test
    void keycloakEndingASessionDeliversALogoutTokenOurHandlerAccepts() throws Exception {
        registerClient(false);
        Instant loggedInAt = clock.instant().minusSeconds(1);
        String sid = signInAlice();

        admin.deleteSession(sid, false);

        Delivery delivery = awaitDelivery();
        assertEquals(200, delivery.result().status(), delivery.result().body());
        assertTrue(delivery.contentType().startsWith("application/x-www-form-urlencoded"), delivery.contentType());
        assertEquals("logout+jwt", SignedJWT.parse(delivery.logoutToken()).getHeader().getType().getType(),
                "Keycloak 25+ types its logout tokens");
        VerifiedLogout logout = delivery.result().logout().orElseThrow();
        assertEquals(admin.userId(DemoRealms.ALICE), logout.subject());
        assertEquals(sid, logout.sid());
        assertFalse(logout.revokeOfflineAccess());
        assertTrue(revoked.isEmpty());
        assertTrue(registry.isEnded(logout.issuer(), logout.subject(), sid, loggedInAt));
        assertFalse(registry.isEnded(logout.issuer(), logout.subject(), "another-session", loggedInAt));
    }

    @Test
    void keycloakWithRevokeOfflineSessionsOnSaysSoAndOurRevokerIsCalled() throws Exception {
        registerClient(true);
        String sid = signInAlice();

        admin.deleteSession(sid, false);

        Delivery delivery = awaitDelivery();
        assertEquals(200, delivery.result().status(), delivery.result().body());
        assertTrue(delivery.result().logout().orElseThrow().revokeOfflineAccess());
        assertEquals(1, revoked.size());
        assertEquals(admin.userId(DemoRealms.ALICE), revoked.get(0).subject());
    }

    @Test
    void theSameLogoutTokenPostedAgainIsRefusedAsAReplay() throws Exception {
        registerClient(false);
        admin.deleteSession(signInAlice(), false);
        Delivery first = awaitDelivery();
        assertEquals(200, first.result().status());

        BackchannelResult replay = handler.handle("application/x-www-form-urlencoded",
                Map.of("logout_token", List.of(first.logoutToken())));

        assertEquals(400, replay.status());
        assertTrue(replay.errorDescription().contains("jti"), replay.errorDescription());
    }

    private Delivery awaitDelivery() throws InterruptedException {
        Delivery delivery = deliveries.poll(20, TimeUnit.SECONDS);
        assertNotNull(delivery, "Keycloak sent no back-channel logout within 20 s");
        return delivery;
    }

    /** A confidential client with direct grants and our receiver as its back-channel logout URL. */
    private void registerClient(boolean revokeOfflineSessions) throws Exception {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("backchannel.logout.url", "http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/backchannel-logout");
        attributes.put("backchannel.logout.session.required", "true");
        attributes.put("backchannel.logout.revoke.offline.tokens", Boolean.toString(revokeOfflineSessions));
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("secret", SECRET);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", true);
        client.put("frontchannelLogout", false);
        client.put("attributes", attributes);
        adminCall("POST", "clients", JSONObjectUtils.toJSONString(client), 201);
        clientUuid = admin.clientUuid(clientId);
    }

    /** Password grant for alice with the probe client; returns the session id. */
    private String signInAlice() throws Exception {
        String form = "grant_type=password&scope=openid&username=" + DemoRealms.ALICE + "&password="
                + DemoRealms.ALICE + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + SECRET;
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(KeycloakServer.endpoint(DemoRealms.DEMO,
                        "token")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "password grant: " + response.statusCode());
        String idToken = (String) JSONObjectUtils.parse(response.body()).get("id_token");
        return SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("sid");
    }

    private void adminCall(String method, String path, String json, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(KeycloakServer.baseUrl() + "/admin/realms/"
                        + DemoRealms.DEMO + "/" + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + admin.adminToken())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
    }
}
