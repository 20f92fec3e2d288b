package dev.offlineaccess.example.portal;

import static dev.offlineaccess.example.portal.PortalBrowser.assertAt;
import static dev.offlineaccess.example.portal.PortalBrowser.click;
import static dev.offlineaccess.example.portal.PortalBrowser.status;
import static dev.offlineaccess.example.portal.PortalBrowser.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pictures of {@code docs/walkthrough.md} and the README, taken from the real thing: the portal on embedded
 * Jetty, a real Keycloak, HtmlUnit clicking through the story, and headless Chromium drawing each page HtmlUnit
 * received. Every run takes and checks all pictures under {@code target/screenshots/};
 * {@code -Dscreenshots.update=true} also copies them into {@code docs/images/}:
 *
 * <pre>
 * mvn -B -pl adapter,example-customer-portal -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=PortalScreenshotsIT -Dfailsafe.failIfNoSpecifiedTests=false -Dscreenshots.update=true
 * </pre>
 *
 * <p>Needs Debian's {@code chromium}; without it the test fails and says how to install it.
 */
@ExtendWith(KeycloakServer.class)
class PortalScreenshotsIT {
    private static final Pattern IMAGE_LINK = Pattern.compile("images/([a-z0-9-]+)\\.png");

    private static RunningPortal portal;
    private static ScreenshotAlbum album;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(); // without Chromium: fail at once, saying what to do
        portal = RunningPortal.start();
        album = ScreenshotAlbum.open(chromium, portal.base());
    }

    @AfterAll
    static void stop() throws Exception {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void everyStepOfTheWalkThroughIsPicturedAsThePortalServesIt() throws Exception {
        aliceSignsInWithOfflineAccessAndLogsOut();
        theNightlyBackupWorksForAliceWhileSheIsAway();
        bobMayNotGrantOfflineAccess();
        aliceRevokesAndTheNextBackupSaysSo();

        Set<String> shown = imagesShownIn(ScreenshotAlbum.docs().resolve("walkthrough.md"));
        assertEquals(Set.copyOf(album.names()), shown,
                "docs/walkthrough.md shows exactly the pictures this test takes");
        Set<String> inReadme = imagesShownIn(ScreenshotAlbum.docs().resolveSibling("README.md"));
        assertTrue(!inReadme.isEmpty() && album.names().containsAll(inReadme),
                () -> "the README shows pictures this test takes, not " + inReadme);
        for (String name : shown) {
            Path picture = ScreenshotAlbum.docs().resolve("images").resolve(name + ".png");
            assertTrue(Files.isRegularFile(picture), () -> "missing " + picture + ": take the pictures with"
                    + " -D" + ScreenshotAlbum.UPDATE_PROPERTY + "=true and commit them");
        }
    }

    private static void aliceSignsInWithOfflineAccessAndLogsOut() throws Exception {
        try (PortalBrowser alice = new PortalBrowser(portal)) {
            HtmlPage home = alice.open("");
            assertEquals("Log in with offline access", text(home, "login-offline"));
            assertNull(home.getElementById("user"), "nobody is signed in yet");
            album.take("01-home", home);

            HtmlPage login = click(home, "login-offline");
            assertTrue(KeycloakLogin.isLoginPage(login), "the portal sends the browser to Keycloak's login page");
            assertTrue(login.getUrl().getQuery().contains("offline_access"), "the request asks for offline_access");
            album.take("02-keycloak-login", login);

            HtmlPage customers = (HtmlPage) KeycloakLogin.signIn(login, "alice", "alice");
            assertAt(customers, "/customer-portal/customers");
            assertEquals("alice", text(customers, "name"));
            assertTrue(text(customers, "customers").contains("Acme Anvils"));
            album.take("03-customers", customers);

            HtmlPage offline = alice.open("offline");
            assertEquals("active", text(offline, "status"));
            assertTrue(text(offline, "scopes").contains("offline_access"));
            assertEquals("Revoke offline access", text(offline, "revoke"));
            album.take("04-offline-active", offline);

            HtmlPage confirm = alice.open("logout");
            assertEquals("LOGOUT_CONFIRM", reason(confirm));
            album.take("05-logout-confirm", confirm);
            HtmlPage signedOut = click(confirm, "oidc-logout");
            assertEquals("/customer-portal/", signedOut.getUrl().getPath(), "back on the home page after logout");
            assertNull(signedOut.getElementById("user"), "nobody is signed in after logout");
        }
    }

    private static void theNightlyBackupWorksForAliceWhileSheIsAway() throws Exception {
        try (PortalBrowser admin = new PortalBrowser(portal)) {
            HtmlPage backups = click(admin.openSignedIn("admin/backups", "admin"), "run-backup");
            assertEquals("Backup finished.", text(backups, "notice"));
            assertEquals("OK", cell(backups, "backups", "alice", "outcome"));
            assertEquals("5", cell(backups, "backups", "alice", "count"));
            album.take("06-backups-ok", backups);

            HtmlPage grants = admin.open("admin/offline-tokens");
            assertEquals("active", cell(grants, "grants", "alice", "status"));
            album.take("07-stored-grants", grants);
        }
    }

    private static void bobMayNotGrantOfflineAccess() throws Exception {
        try (PortalBrowser bob = new PortalBrowser(portal)) {
            HtmlPage refused = bob.openSignedIn("customers?scope=offline_access", "bob");
            assertEquals(403, status(refused));
            assertEquals("OFFLINE_REFUSED", reason(refused));
            assertTrue(refused.asNormalizedText().contains("did not allow offline access"));
            album.take("08-bob-refused", refused);
        }
    }

    private static void aliceRevokesAndTheNextBackupSaysSo() throws Exception {
        try (PortalBrowser alice = new PortalBrowser(portal)) {
            HtmlPage revoked = click(alice.openSignedIn("offline", "alice"), "revoke");
            assertAt(revoked, "/customer-portal/offline?notice=revoked");
            assertEquals("revoked", text(revoked, "status"));
            assertTrue(text(revoked, "reason").startsWith("revoked_by_application"));
            assertEquals("Grant offline access again", text(revoked, "grant-again"));
            album.take("09-offline-revoked", revoked);
        }
        try (PortalBrowser admin = new PortalBrowser(portal)) {
            HtmlPage backups = click(admin.openSignedIn("admin/backups", "admin"), "run-backup");
            assertEquals("REVOKED", cell(backups, "backups", "alice", "outcome"));
            assertTrue(cell(backups, "backups", "alice", "reason").startsWith("revoked_by_application"));
            album.take("10-backups-revoked", backups);
        }
    }

    /** The adapter's own pages name their situation in {@code <main id="oidc-page" data-reason="...">}. */
    private static String reason(HtmlPage page) {
        return page.getHtmlElementById("oidc-page").getAttribute("data-reason");
    }

    private static String cell(HtmlPage page, String table, String user, String column) {
        DomNode cell = page.getFirstByXPath("//table[@id='" + table + "']//tr[@data-user='" + user + "']/td[@class='"
                + column + "']");
        assertTrue(cell != null, () -> "no " + column + " for " + user + " in " + page.asNormalizedText());
        return cell.asNormalizedText();
    }

    /** The names of the {@code images/*.png} a Markdown file shows. */
    private static Set<String> imagesShownIn(Path markdown) throws Exception {
        assertTrue(Files.isRegularFile(markdown), () -> "missing " + markdown.toAbsolutePath().normalize());
        Set<String> names = new LinkedHashSet<>();
        Matcher link = IMAGE_LINK.matcher(Files.readString(markdown, StandardCharsets.UTF_8));
        while (link.find()) {
            names.add(link.group(1));
        }
        return names;
    }
}
