package dev.offlineaccess.example.portal;

import static dev.offlineaccess.example.portal.PortalBrowser.assertAt;
import static dev.offlineaccess.example.portal.PortalBrowser.click;
import static dev.offlineaccess.example.portal.PortalBrowser.status;
import static dev.offlineaccess.example.portal.PortalBrowser.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.util.JSONArrayUtils;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.util.List;
import java.util.Map;
import net.minidev.json.JSONObject;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seeds' walk-through on the real customer portal against a real Keycloak 26.5.6: users sign in on Keycloak's
 * own login page (HtmlUnit), the backup job uses the offline-token API, and what every page shows is asserted.
 */
@ExtendWith(KeycloakServer.class)
class CustomerPortalIT {
    private static RunningPortal portal;

    @BeforeAll
    static void startPortal() throws Exception {
        portal = RunningPortal.start();
    }

    @AfterAll
    static void stopPortal() throws Exception {
        portal.close();
    }

    @Test
    void aliceGrantsOfflineAccessLogsOutAndTheBackupStillWorksUntilSheRevokes() throws Exception {
        try (PortalBrowser alice = new PortalBrowser(portal)) {
            HtmlPage home = alice.open("");
            HtmlPage customers = (HtmlPage) KeycloakLogin.signIn(click(home, "login-offline"), "alice", "alice");
            assertAt(customers, "/customer-portal/customers");
            assertEquals("alice", text(customers, "name"));
            assertTrue(text(customers, "customers").contains("Acme Anvils"));

            HtmlPage offline = alice.open("offline");
            assertEquals("active", text(offline, "status"));
            assertTrue(text(offline, "scopes").contains("offline_access"));
            assertFalse(offline.asXml().contains("eyJ"), "the page must never show a token");

            HtmlPage signedOut = logOut(alice);
            assertEquals("/customer-portal/", signedOut.getUrl().getPath(), "back on the home page after logout");
            assertNull(signedOut.getElementById("user"), "nobody is signed in after logout");
        }

        assertEquals("OK", backupOutcome("alice"));
        assertEquals("5", backupCell("alice", "count"));

        try (PortalBrowser alice = new PortalBrowser(portal)) {
            HtmlPage offline = alice.openSignedIn("offline", "alice");
            HtmlPage afterRevoke = click(offline, "revoke");
            assertAt(afterRevoke, "/customer-portal/offline?notice=revoked");
            assertEquals("revoked", text(afterRevoke, "status"));
            assertTrue(text(afterRevoke, "reason").startsWith("revoked_by_application"));
        }

        assertEquals("REVOKED", backupOutcome("alice"));
        assertTrue(backupCell("alice", "reason").startsWith("revoked_by_application"));
    }

    @Test
    void bobWhoMayNotHaveOfflineAccessSeesAnExplanationAndNothingIsStored() throws Exception {
        try (PortalBrowser bob = new PortalBrowser(portal)) {
            HtmlPage refused = bob.openSignedIn("customers?scope=offline_access", "bob");
            assertEquals(403, status(refused));
            assertEquals("Offline access not allowed", refused.getTitleText());
            assertTrue(refused.asNormalizedText().contains("did not allow offline access"));
            HtmlPage home = bob.open("");
            assertNull(home.getElementById("user"), "bob is not signed in after the refusal");
        }
        try (PortalBrowser admin = new PortalBrowser(portal)) {
            HtmlPage grants = admin.openSignedIn("admin/offline-tokens", "admin");
            assertNull(grants.getFirstByXPath("//tr[@data-user='bob']"), "no grant stored for bob");
        }
    }

    @Test
    void aPlainLoginStoresNothingAndTheBackupSaysSo() throws Exception {
        try (PortalBrowser admin = new PortalBrowser(portal)) {
            HtmlPage customers = admin.openSignedIn("customers", "admin");
            assertEquals("admin", text(customers, "name"));
            HtmlPage offline = admin.open("offline");
            assertTrue(text(offline, "status").contains("does not hold offline access"));
            HtmlPage backups = click(admin.open("admin/backups"), "run-backup");
            assertEquals("NO_OFFLINE_ACCESS", cell(backups, "admin", "outcome"));
        }
    }

    @Test
    void theAdminPagesNeedTheAdminRole() throws Exception {
        try (PortalBrowser alice = new PortalBrowser(portal)) {
            HtmlPage backups = alice.openSignedIn("admin/backups", "alice");
            assertEquals(403, status(backups));
            assertTrue(text(backups, "forbidden").contains("administrators"));
            assertEquals(403, status(alice.open("admin/offline-tokens")));
        }
    }

    @Test
    void theBackupStatusIsAvailableAsJson() throws Exception {
        grantOfflineAccessAndLogOut("alice");
        try (PortalBrowser admin = new PortalBrowser(portal)) {
            click(admin.openSignedIn("admin/backups", "admin"), "run-backup");
            WebRequest request = new WebRequest(portal.url("admin/backups"));
            request.setAdditionalHeader("Accept", "application/json");
            Page json = admin.client().getPage(request);
            assertEquals(200, json.getWebResponse().getStatusCode());
            assertTrue(json.getWebResponse().getContentType().startsWith("application/json"));
            JSONObject body = JSONObjectUtils.parse(json.getWebResponse().getContentAsString());
            List<JSONObject> runs = JSONArrayUtils.toJSONObjectList(JSONObjectUtils.getJSONArray(body, "runs"));
            Map<String, Object> alice = runs.stream().filter(run -> "alice".equals(run.get("user"))).findFirst()
                    .orElseThrow();
            assertEquals("ok", alice.get("outcome"));
            assertEquals(5, ((Number) alice.get("customersSaved")).intValue());
        }
    }

    @Test
    void anAdminCanSeeEveryStoredGrantAndRevokeOne() throws Exception {
        grantOfflineAccessAndLogOut("alice");
        try (PortalBrowser admin = new PortalBrowser(portal)) {
            HtmlPage grants = admin.openSignedIn("admin/offline-tokens", "admin");
            assertEquals("active", cellOf(grants, "grants", "alice", "status"));
            assertFalse(grants.asXml().contains("eyJ"), "the admin page must never show a token");
            DomNode revoke = grants.getFirstByXPath("//tr[@data-user='alice']//button[@class='revoke']");
            HtmlPage after = ((org.htmlunit.html.HtmlButton) revoke).click();
            assertTrue(text(after, "notice").contains("Revoked the offline grant of alice"));
            assertEquals("revoked", cellOf(after, "grants", "alice", "status"));
        }
    }

    private static void grantOfflineAccessAndLogOut(String user) throws Exception {
        try (PortalBrowser browser = new PortalBrowser(portal)) {
            HtmlPage customers = browser.openSignedIn("customers?scope=offline_access", user);
            assertAt(customers, "/customer-portal/customers");
            assertEquals("active", text(browser.open("offline"), "status"));
            logOut(browser);
        }
    }

    private static HtmlPage logOut(PortalBrowser browser) throws Exception {
        HtmlPage confirm = browser.open("logout");
        return click(confirm, "oidc-logout");
    }

    private static String backupOutcome(String user) throws Exception {
        try (PortalBrowser admin = new PortalBrowser(portal)) {
            HtmlPage backups = click(admin.openSignedIn("admin/backups", "admin"), "run-backup");
            assertEquals("Backup finished.", text(backups, "notice"));
            return cell(backups, user, "outcome");
        }
    }

    private static String backupCell(String user, String column) throws Exception {
        try (PortalBrowser admin = new PortalBrowser(portal)) {
            return cell(admin.openSignedIn("admin/backups", "admin"), user, column);
        }
    }

    private static String cell(HtmlPage page, String user, String column) {
        return cellOf(page, "backups", user, column);
    }

    private static String cellOf(HtmlPage page, String table, String user, String column) {
        DomNode cell = page.getFirstByXPath("//table[@id='" + table + "']//tr[@data-user='" + user + "']/td[@class='"
                + column + "']");
        assertTrue(cell != null, () -> "no " + column + " for " + user + " in " + page.asNormalizedText());
        return cell.asNormalizedText();
    }
}
