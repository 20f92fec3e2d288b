package dev.offlineaccess.testing.keycloak;

import static dev.offlineaccess.testing.keycloak.DemoRealms.ALICE;
import static dev.offlineaccess.testing.keycloak.DemoRealms.BOB;
import static dev.offlineaccess.testing.keycloak.DemoRealms.DEMO;
import static dev.offlineaccess.testing.keycloak.DemoRealms.OFFLINE_SCOPE;
import static dev.offlineaccess.testing.keycloak.DemoRealms.ROTATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTParser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Keycloak harness itself: the launcher, the realm files and the fixtures against the real server. */
@ExtendWith(KeycloakServer.class)
class KeycloakSmokeIT {

    private final KeycloakAdmin demo = KeycloakAdmin.forRealm(DEMO);

    @Test
    void discoveryShowsTheLocalhostIssuerWhicheverHostNameIsAsked() {
        assertEquals(KeycloakServer.baseUrl() + "/realms/demo", KeycloakServer.issuer(DEMO));
        URI viaIp = URI.create(KeycloakServer.discoveryUrl(DEMO).toString().replace("//localhost:", "//127.0.0.1:"));

        for (URI discovery : Set.of(KeycloakServer.discoveryUrl(DEMO), viaIp)) {
            HttpResponse<String> response = KeycloakHttp.get(discovery, null);
            assertEquals(200, response.statusCode(), discovery.toString());
            Map<String, Object> metadata = KeycloakHttp.object(response.body());
            assertEquals(KeycloakServer.issuer(DEMO), metadata.get("issuer"), discovery.toString());
            assertEquals(KeycloakServer.endpoint(DEMO, "token").toString(), metadata.get("token_endpoint"));
        }
    }

    @Test
    void passwordGrantWithOfflineScopeGivesAliceAnOfflineToken() {
        GrantResult grant = demo.directGrant(DEMO, ALICE, ALICE, OFFLINE_SCOPE);

        assertTrue(grant.ok(), grant.toString());
        assertEquals("Offline", grant.refreshTokenType());
        assertTrue(Set.of(grant.scope().split(" ")).containsAll(Set.of("openid", "offline_access")), grant.scope());
        assertEquals(0L, ((Number) grant.body().get("refresh_expires_in")).longValue());
    }

    @Test
    void bobWithoutTheOfflineAccessRoleIsRefusedWithNotAllowed() {
        GrantResult grant = demo.directGrant(DEMO, BOB, BOB, OFFLINE_SCOPE);

        assertEquals(400, grant.status());
        assertEquals("not_allowed", grant.error());
        assertEquals("Offline tokens not allowed for the user or client", grant.errorDescription());
    }

    @Test
    void rotationRealmRejectsAReusedOfflineToken() {
        KeycloakAdmin rotation = KeycloakAdmin.forRealm(ROTATION);
        GrantResult first = rotation.directGrant(ALICE, ALICE, OFFLINE_SCOPE);
        assertTrue(first.ok(), first.toString());

        GrantResult rotated = rotation.refresh(first.refreshToken());
        assertTrue(rotated.ok(), rotated.toString());
        assertNotEquals(first.refreshToken(), rotated.refreshToken());
        assertEquals("Offline", rotated.refreshTokenType());

        GrantResult replay = rotation.refresh(first.refreshToken());
        assertEquals(400, replay.status());
        assertEquals("invalid_grant", replay.error());
        assertEquals("Maximum allowed refresh token reuse exceeded", replay.errorDescription());
    }

    @Test
    void htmlUnitSignsInThroughTheRealLoginPage() throws Exception {
        try (CallbackServer callback = CallbackServer.start(); WebClient browser = KeycloakLogin.newWebClient()) {
            String redirectUri = callback.uri().toString();
            URI authorize = URI.create(KeycloakServer.endpoint(DEMO, "auth") + "?response_type=code"
                    + "&client_id=" + DemoRealms.CLIENT_ID
                    + "&redirect_uri=" + KeycloakHttp.encode(redirectUri)
                    + "&scope=openid&state=state-123&nonce=nonce-456");

            Page loginPage = browser.getPage(authorize.toURL());
            assertTrue(KeycloakLogin.isLoginPage(loginPage), loginPage.getUrl().toString());
            KeycloakLogin.LoginRejectedException rejected = assertThrows(KeycloakLogin.LoginRejectedException.class,
                    () -> KeycloakLogin.signIn(loginPage, ALICE, "not-her-password"));
            assertEquals(KeycloakLogin.INVALID_CREDENTIALS, rejected.feedback());

            Page formAgain = browser.getCurrentWindow().getEnclosedPage();
            Page landed = KeycloakLogin.signIn(formAgain, ALICE, ALICE);

            assertEquals(200, landed.getWebResponse().getStatusCode());
            Map<String, String> query = callback.lastQuery();
            assertEquals("state-123", query.get("state"));
            assertEquals(KeycloakServer.issuer(DEMO), query.get("iss"));
            assertNotNull(query.get("code"));

            HttpResponse<String> exchange = KeycloakHttp.postForm(KeycloakServer.endpoint(DEMO, "token"), Map.of(
                    "grant_type", "authorization_code", "code", query.get("code"), "redirect_uri", redirectUri,
                    "client_id", DemoRealms.CLIENT_ID, "client_secret", DemoRealms.CLIENT_SECRET), null);
            GrantResult tokens = new GrantResult(exchange.statusCode(), KeycloakHttp.object(exchange.body()));
            assertTrue(tokens.ok(), tokens.toString());
            assertEquals("nonce-456", JWTParser.parse(tokens.idToken()).getJWTClaimsSet().getStringClaim("nonce"));
            assertEquals("Refresh", tokens.refreshTokenType());
        }
    }
}
