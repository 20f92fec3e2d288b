package dev.offlineaccess.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.logout.OfflineGrantRevoker;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.testing.keycloak.SessionInfo;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.GrantStatus;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The filter's back-channel logout against a real Keycloak 26: each test registers a throw-away client of the
 * {@code demo} realm whose back-channel logout URL is the filter's path in this JVM's Jetty, signs alice in through
 * Keycloak's login form (then upgrades her to offline access, which keeps the online session), ends that session
 * with the admin API, and sees Keycloak's logout token end the web session; the offline grant survives unless the
 * client has "Backchannel logout revoke offline sessions" on.
 *
 * <p>Measured with 26.5.6 (not asserted here): with that flag on, deleting the online session through the admin API
 * sends {@code revoke_offline_access: true}, yet the admin API still lists the offline session afterwards and its
 * token still refreshes; the adapter follows the token's word and no longer uses the grant.
 */
@ExtendWith(KeycloakServer.class)
class OidcFilterBackchannelKeycloakIT {
    private static final String PATH = "/secured/backchannel-logout";
    private static final String SECRET = "backchannel-filter-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** How long Keycloak may take to deliver the logout token (it sends it while the admin call runs). */
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final KeycloakAdmin admin = KeycloakAdmin.forRealm(DemoRealms.DEMO);
    private final String clientId = "backchannel-filter-" + UUID.randomUUID();
    private FilterHarness app;
    private String clientUuid;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (clientUuid != null) {
                adminCall("DELETE", "clients/" + clientUuid, null, 204);
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    private static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    @Test
    void keycloakEndingTheSessionEndsTheWebSessionAndTheOfflineGrantSurvives() throws Exception {
        start(false);
        try (WebClient browser = KeycloakLogin.newWebClient()) {
            String sid = signInAliceWithOfflineAccess(browser);

            admin.deleteSession(sid, false);

            awaitSignedOut(browser);
            GrantInfo grant = app.tokens().find(DemoRealms.ALICE).orElseThrow();
            assertEquals(GrantStatus.ACTIVE, grant.status());
            assertTrue(app.tokens().accessToken(DemoRealms.ALICE).expiresAt().isAfter(Instant.now()),
                    "Keycloak still refreshes the offline token for background tasks");
        }
    }

    @Test
    void withRevokeOfflineSessionsOnTheStoredGrantIsMarkedRevoked() throws Exception {
        start(true);
        try (WebClient browser = KeycloakLogin.newWebClient()) {
            String sid = signInAliceWithOfflineAccess(browser);

            admin.deleteSession(sid, false);

            awaitSignedOut(browser);
            GrantInfo grant = app.tokens().find(DemoRealms.ALICE).orElseThrow();
            assertEquals(GrantStatus.REVOKED, grant.status());
            assertEquals(OfflineGrantRevoker.ERROR, grant.revokedError());
            assertEquals(OfflineGrantRevoker.REASON, grant.revokedReason());
        }
    }

    /** The filter (back-channel path on) in Jetty, and a client of the realm pointing at it. */
    private void start(boolean revokeOfflineSessions) throws Exception {
        app = FilterHarness.startForRealProvider(dir, config -> {
            config.put("issuer", KeycloakServer.issuer(DemoRealms.DEMO));
            config.put("client-id", clientId);
            config.put("client-secret", SECRET);
            config.put("backchannel-logout-path", PATH);
        });
        int port = app.base().getPort();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("backchannel.logout.url", "http://127.0.0.1:" + port + FilterHarness.CONTEXT + PATH);
        attributes.put("backchannel.logout.session.required", "true");
        attributes.put("backchannel.logout.revoke.offline.tokens", Boolean.toString(revokeOfflineSessions));
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("secret", SECRET);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("consentRequired", false);
        client.put("frontchannelLogout", false);
        client.put("redirectUris", List.of("http://localhost:" + port + FilterHarness.CONTEXT + "/*"));
        client.put("attributes", attributes);
        adminCall("POST", "clients", JSONObjectUtils.toJSONString(client), 201);
        clientUuid = admin.clientUuid(clientId);
    }

    /**
     * Alice signs in through Keycloak's form, then asks for offline access within the same SSO session (so that
     * Keycloak keeps the online session next to the offline one); returns the Keycloak session id.
     */
    private String signInAliceWithOfflineAccess(WebClient browser) throws Exception {
        Page login = browser.getPage(app.url("/secured/page"));
        Page landed = KeycloakLogin.signIn(login, DemoRealms.ALICE, DemoRealms.ALICE);
        assertTrue(text(landed).contains("remoteUser=alice"), text(landed));
        Page upgraded = browser.getPage(app.url("/secured/page?scope=offline_access"));
        assertTrue(text(upgraded).contains("offline=true"), text(upgraded));
        assertTrue(app.tokens().find(DemoRealms.ALICE).orElseThrow().isActive());
        List<SessionInfo> sessions = admin.sessions(DemoRealms.ALICE).stream()
                .filter(session -> session.clientIds().contains(clientId)).toList();
        assertEquals(1, sessions.size(), "one online Keycloak session of alice with this client: " + sessions);
        return sessions.get(0).id();
    }

    /** Polls (bounded) until the browser's next request is sent to Keycloak's login again. */
    private void awaitSignedOut(WebClient browser) throws Exception {
        String authorization = KeycloakServer.endpoint(DemoRealms.DEMO, "auth").toString();
        Instant deadline = Instant.now().plus(DELIVERY);
        browser.getOptions().setRedirectEnabled(false);
        try {
            while (Instant.now().isBefore(deadline)) {
                Page page = browser.getPage(app.url("/secured/page"));
                String location = page.getWebResponse().getResponseHeaderValue("Location");
                if (page.getWebResponse().getStatusCode() == 302 && location != null
                        && location.startsWith(authorization)) {
                    return;
                }
                assertEquals(200, page.getWebResponse().getStatusCode(), text(page));
                Thread.sleep(200);
            }
        } finally {
            browser.getOptions().setRedirectEnabled(true);
        }
        fail("the web session was not ended within " + DELIVERY + " of Keycloak ending its session");
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
