package dev.offlineaccess.servlet;

import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.tokens.GrantInfo;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The filter against a real Keycloak 26 ({@code tools/keycloak}, realm {@code demo}): signing in through Keycloak's
 * own login form, roles, logout, and offline access on demand reaching the store as a real offline token.
 */
@ExtendWith(KeycloakServer.class)
class OidcFilterKeycloakIT {
    @TempDir
    static Path dir;
    static FilterHarness app;

    @BeforeAll
    static void start() throws Exception {
        app = FilterHarness.startForRealProvider(dir, config -> {
            config.put("issuer", KeycloakServer.issuer(DemoRealms.DEMO));
            config.put("client-id", DemoRealms.CLIENT_ID);
            config.put("client-secret", DemoRealms.CLIENT_SECRET);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    private static String line(Page page, String key) {
        return text(page).lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElse(null);
    }

    @Test
    void aliceSignsInThroughKeycloaksLoginPageSeesHerRolesAndLogsOut() throws Exception {
        try (WebClient browser = KeycloakLogin.newWebClient()) {
            Page login = browser.getPage(app.url("/secured/page?tab=1"));
            assertTrue(KeycloakLogin.isLoginPage(login), login.getUrl().getPath());
            Page landed = KeycloakLogin.signIn(login, DemoRealms.ALICE, DemoRealms.ALICE);
            assertEquals(app.url("/secured/page?tab=1"), landed.getUrl().toString());
            assertEquals("alice", line(landed, "remoteUser"));
            assertEquals("true", line(landed, "isUserInRole(user)"));
            assertTrue(line(landed, "roles").contains("user"), line(landed, "roles"));
            assertEquals("false", line(landed, "offline"));

            Page confirm = browser.getPage(app.url("/secured/logout"));
            Page after = ((HtmlPage) confirm).getHtmlElementById("oidc-logout").click();
            assertTrue(after.getUrl().toString().startsWith(app.url("/")), after.getUrl().toString());
            assertEquals("anonymous", line(browser.getPage(app.url("/public/page")), "user"));
            assertTrue(KeycloakLogin.isLoginPage(browser.getPage(app.url("/secured/page"))),
                    "Keycloak's session ended too: its login form shows again");
        }
    }

    @Test
    void offlineAccessOnDemandStoresAGrantWhoseTokenReallyIsOfflineAndSurvivesLogout() throws Exception {
        try (WebClient browser = KeycloakLogin.newWebClient()) {
            Page login = browser.getPage(app.url("/secured/page?scope=offline_access"));
            Page landed = KeycloakLogin.signIn(login, DemoRealms.ALICE, DemoRealms.ALICE);
            assertEquals(app.url("/secured/page"), landed.getUrl().toString());
            assertEquals("true", line(landed, "offline"));

            GrantInfo grant = app.tokens().find(DemoRealms.ALICE).orElseThrow();
            assertTrue(grant.isActive());
            assertTrue(grant.scopes().contains("offline_access"), grant.scopes().toString());
            assertFalse(KeycloakAdmin.forRealm(DemoRealms.DEMO)
                    .offlineSessions(DemoRealms.ALICE, DemoRealms.CLIENT_ID).isEmpty(),
                    "Keycloak holds an offline session for alice and this client");

            Page confirm = browser.getPage(app.url("/secured/logout"));
            ((HtmlPage) confirm).getHtmlElementById("oidc-logout").click();
            assertTrue(app.tokens().accessToken(DemoRealms.ALICE).value().length() > 20,
                    "a background task still gets a fresh access token after logout");
        }
    }

    @Test
    void bobAskingForOfflineAccessSeesTheRefusalPageAndNothingIsStored() throws Exception {
        try (WebClient browser = KeycloakLogin.newWebClient()) {
            Page login = browser.getPage(app.url("/secured/page?scope=offline_access"));
            Page refused = KeycloakLogin.signIn(login, DemoRealms.BOB, DemoRealms.BOB);
            assertEquals(403, refused.getWebResponse().getStatusCode(), text(refused));
            assertTrue(text(refused).contains("data-reason=\"OFFLINE_REFUSED\""), text(refused));
            assertTrue(text(refused).contains("not_allowed"), text(refused));
            assertTrue(app.tokens().find(DemoRealms.BOB).isEmpty());
            assertEquals("anonymous", line(browser.getPage(app.url("/public/page")), "user"));
        }
    }
}
