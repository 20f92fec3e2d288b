package dev.offlineaccess.example.portal.hardening;

import dev.offlineaccess.servlet.OfflineAccess;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.tokens.OfflineTokens;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.htmlunit.BrowserVersion;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The customer portal (its {@code web.xml} and servlets, from {@code src/main/webapp} and the test class path) in an
 * embedded Jetty against the adapter's fake provider: every state-changing POST of the portal — revoking one's own
 * offline access, running the backup, an administrator revoking a user's grant — is refused without the session's
 * CSRF token (missing, wrong, or another user's) and changes nothing; with the token it works. Every portal page
 * refuses to be framed ({@code X-Frame-Options: DENY}, CSP {@code frame-ancestors 'none'}).
 */
class PortalCsrfAndFramingTest {
    private static final List<String> SETTINGS = List.of("KEYCLOAK_URL", "PORTAL_CLIENT_SECRET", "PORTAL_DATA_DIR",
            "OFFLINE_DEV_MODE", "BACKUP_INTERVAL");
    @TempDir
    static Path dataDir;
    static FakeOpenIdProvider op;
    static Server server;
    static WebAppContext portal;
    static String base;
    static final List<WebClient> browsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        op = FakeOpenIdProvider.builder().realmPath("/realms/demo").start();
        op.addUser("alice", "sub-alice", Set.of("user", "admin"), true, Map.of());
        op.addUser("bob", "sub-bob", Set.of("user"), true, Map.of());
        System.setProperty("KEYCLOAK_URL", op.baseUri().toString());
        System.setProperty("PORTAL_CLIENT_SECRET", op.clientSecret());
        System.setProperty("PORTAL_DATA_DIR", dataDir.toString());
        System.setProperty("OFFLINE_DEV_MODE", "true");
        System.setProperty("BACKUP_INTERVAL", "PT24H");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        portal = new WebAppContext();
        portal.setContextPath("/customer-portal");
        portal.setWar(Path.of("src", "main", "webapp").toAbsolutePath().toString());
        portal.setParentLoaderPriority(true);
        portal.setThrowUnavailableOnStartupException(true);
        server.setHandler(portal);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/customer-portal/";
    }

    @AfterAll
    static void stop() throws Exception {
        browsers.forEach(WebClient::close);
        server.stop();
        op.close();
        SETTINGS.forEach(System::clearProperty);
    }

    private static WebClient browser() {
        WebClient browser = new WebClient(BrowserVersion.BEST_SUPPORTED);
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setPrintContentOnFailingStatusCode(false);
        browsers.add(browser);
        return browser;
    }

    private static OfflineTokens tokens() {
        return OfflineAccess.tokens(portal.getServletContext());
    }

    /** A browser signed in as {@code user} with offline access. */
    private static WebClient signedIn(String user) throws Exception {
        WebClient browser = browser();
        op.nextLogin(user);
        Page page = browser.getPage(base + "customers?scope=offline_access");
        assertEquals(200, page.getWebResponse().getStatusCode(), page.getWebResponse().getContentAsString());
        assertTrue(tokens().find(user).orElseThrow().isActive());
        return browser;
    }

    private static String csrfOf(WebClient browser) throws Exception {
        HtmlPage offline = browser.getPage(base + "offline");
        return offline.getElementByName("csrf").getAttribute("value");
    }

    private static Page post(WebClient browser, String path, List<NameValuePair> form) throws Exception {
        WebRequest request = new WebRequest(new URL(base + path), HttpMethod.POST);
        request.setRequestParameters(form);
        browser.getOptions().setRedirectEnabled(false);
        try {
            return browser.getPage(request);
        } finally {
            browser.getOptions().setRedirectEnabled(true);
        }
    }

    @Test
    void everyStateChangingPostNeedsTheSessionsCsrfToken() throws Exception {
        WebClient alice = signedIn("alice");
        WebClient bob = signedIn("bob");
        String alicesToken = csrfOf(alice);
        String bobsToken = csrfOf(bob);
        List<List<NameValuePair>> forged = List.of(List.of(), List.of(new NameValuePair("csrf", "forged")),
                List.of(new NameValuePair("csrf", bobsToken)), List.of(new NameValuePair("csrf", "")));
        for (String path : List.of("offline", "admin/backups", "admin/offline-tokens")) {
            for (List<NameValuePair> form : forged) {
                List<NameValuePair> fields = new ArrayList<>(form);
                fields.add(new NameValuePair("user", "bob"));
                Page refused = post(alice, path, fields);
                assertEquals(403, refused.getWebResponse().getStatusCode(), path + " with " + form);
            }
        }
        assertTrue(tokens().find("alice").orElseThrow().isActive(), "alice's grant untouched");
        assertTrue(tokens().find("bob").orElseThrow().isActive(), "bob's grant untouched");
        assertTrue(((HtmlPage) alice.getPage(base + "admin/backups")).asNormalizedText().contains(
                "No backup has run yet"), "no backup ran");

        assertEquals(302, post(alice, "admin/backups", List.of(new NameValuePair("csrf", alicesToken)))
                .getWebResponse().getStatusCode(), "with the token the backup runs");
        assertEquals(302, post(alice, "admin/offline-tokens", List.of(new NameValuePair("csrf", alicesToken),
                new NameValuePair("user", "bob"))).getWebResponse().getStatusCode());
        assertTrue(!tokens().find("bob").orElseThrow().isActive(), "the admin revoked bob's grant");
        assertEquals(302, post(alice, "offline", List.of(new NameValuePair("csrf", alicesToken)))
                .getWebResponse().getStatusCode());
        assertTrue(!tokens().find("alice").orElseThrow().isActive(), "alice revoked her own grant");
    }

    @Test
    void everyPortalPageRefusesToBeFramed() throws Exception {
        WebClient anonymous = browser();
        assertRefusesFraming(anonymous.getPage(base).getWebResponse());
        WebClient alice = signedIn("alice");
        for (String path : List.of("", "customers", "offline", "admin/backups", "admin/offline-tokens")) {
            assertRefusesFraming(alice.getPage(base + path).getWebResponse());
        }
        WebClient bob = signedIn("bob");
        WebResponse forbidden = bob.getPage(base + "admin/backups").getWebResponse();
        assertEquals(403, forbidden.getStatusCode());
        assertRefusesFraming(forbidden);
    }

    private static void assertRefusesFraming(WebResponse response) {
        assertEquals("DENY", response.getResponseHeaderValue("X-Frame-Options"), response.getWebRequest().getUrl()
                .toString());
        assertTrue(response.getResponseHeaderValue("Content-Security-Policy").contains("frame-ancestors 'none'"),
                response.getWebRequest().getUrl().toString());
    }
}
