package dev.offlineaccess.servlet;

import com.nimbusds.jwt.SignedJWT;
import dev.offlineaccess.logout.CachedEndedSessions;
import dev.offlineaccess.logout.LogoutTokens;
import dev.offlineaccess.logout.OfflineGrantRevoker;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.OfflineGrantRevokedException;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-channel logout through the real filter: the fake provider's logout token POSTed to the configured path ends
 * the user's web session on the next request, on this node at once and on another node sharing the database
 * within the cache window; the offline grant survives unless the token says offline access was revoked too.
 */
class OidcFilterBackchannelTest {
    static final String PATH = "/secured/backchannel-logout";
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    static Path dir;
    static FilterHarness nodeA;
    static FilterHarness nodeB;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path tokens = Files.createDirectories(dir.resolve("a")).resolve("tokens");
        Consumer<Map<String, Object>> backchannelOn = config -> config.put("backchannel-logout-path", PATH);
        nodeA = FilterHarness.start(dir.resolve("a"), List.of("/secured/*"), backchannelOn);
        nodeB = FilterHarness.startNode(nodeA, Files.createDirectories(dir.resolve("b")), List.of("/secured/*"),
                backchannelOn.andThen(config -> config.put("store", Map.of("h2-file", tokens.toString(),
                        "development-mode", true, "keep-alive", Map.of("enabled", false)))));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            nodeB.close();
        } finally {
            nodeA.close();
        }
    }

    /** Each test signs in after the endings of the ones before (an ending covers sessions signed in until then). */
    @BeforeEach
    void later() {
        nodeA.clock.advance(Duration.ofSeconds(1));
        nodeA.op.nextLogin("alice");
    }

    private static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    /** Alice signs in on {@code node}; with {@code offline}, asking for offline access. */
    private static WebClient signedIn(FilterHarness node, boolean offline) throws Exception {
        WebClient browser = node.browser();
        Page page = browser.getPage(node.url("/secured/page" + (offline ? "?scope=offline_access" : "")));
        assertTrue(text(page).contains("remoteUser=alice"), text(page));
        assertTrue(text(page).contains("offline=" + offline), text(page));
        return browser;
    }

    /** The answer to the browser's next request, redirects not followed. */
    private static Page next(FilterHarness node, WebClient browser) throws Exception {
        browser.getOptions().setRedirectEnabled(false);
        try {
            return browser.getPage(node.url("/secured/page"));
        } finally {
            browser.getOptions().setRedirectEnabled(true);
        }
    }

    private static void assertSignedOut(FilterHarness node, WebClient browser) throws Exception {
        String before = FilterHarness.sessionId(browser);
        Page page = next(node, browser);
        assertEquals(302, page.getWebResponse().getStatusCode(), text(page));
        assertTrue(page.getWebResponse().getResponseHeaderValue("Location")
                .startsWith(node.op.endpoint(Endpoint.AUTHORIZATION).toString()), "a new sign-in starts");
        assertNotEquals(before, FilterHarness.sessionId(browser), "the old HTTP session is gone");
    }

    private static void assertStillSignedIn(FilterHarness node, WebClient browser) throws Exception {
        Page page = next(node, browser);
        assertEquals(200, page.getWebResponse().getStatusCode());
        assertTrue(text(page).contains("remoteUser=alice"), text(page));
    }

    static HttpResponse<String> post(FilterHarness node, String contentType, HttpRequest.BodyPublisher body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.url(PATH))).header("Content-Type", contentType)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postToken(FilterHarness node, String logoutToken) throws Exception {
        return post(node, FORM, HttpRequest.BodyPublishers.ofString("logout_token="
                + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8)));
    }

    private static void assertAccepted(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("", response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(response.headers().firstValue("Set-Cookie").isEmpty(), "no HTTP session for the provider");
    }

    private static void assertRefused(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\":\"invalid_request\""), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(response.headers().firstValue("Set-Cookie").isEmpty(), "no HTTP session for a refused logout");
    }

    private static String sidOfAlicesNewestSession() throws Exception {
        return SignedJWT.parse(nodeA.op.mintLogoutToken("alice")).getJWTClaimsSet().getStringClaim("sid");
    }

    @Test
    void logoutEndsTheSessionOnItsNextRequestAndTheOfflineGrantStaysActive() throws Exception {
        WebClient browser = signedIn(nodeA, true);

        assertAccepted(postToken(nodeA, nodeA.op.mintLogoutToken("alice")));

        assertSignedOut(nodeA, browser);
        assertTrue(text(browser.getPage(nodeA.url("/public/page"))).contains("user=anonymous"));
        GrantInfo grant = nodeA.tokens().find("alice").orElseThrow();
        assertEquals(GrantStatus.ACTIVE, grant.status());
        assertTrue(nodeA.tokens().accessToken("alice").expiresAt().isAfter(nodeA.clock.instant()),
                "background tasks still act for alice");

        nodeA.clock.advance(Duration.ofSeconds(1));
        Page again = browser.getPage(nodeA.url("/secured/page"));
        assertTrue(text(again).contains("remoteUser=alice"), "a new sign-in after the logout is not ended");
        assertStillSignedIn(nodeA, browser);
    }

    @Test
    void logoutOfAnotherProviderSessionOfTheUserLeavesThisOneSignedIn() throws Exception {
        WebClient browser = signedIn(nodeA, false);
        String subject = nodeA.op.user("alice").subject();

        assertAccepted(postToken(nodeA, LogoutTokens.sign(nodeA.op,
                LogoutTokens.claims(nodeA.op, subject, "another-provider-session"))));

        assertStillSignedIn(nodeA, browser);
    }

    @Test
    void logoutThatRevokedOfflineAccessMarksTheStoredGrantRevoked() throws Exception {
        WebClient browser = signedIn(nodeA, true);
        String subject = nodeA.op.user("alice").subject();

        assertAccepted(postToken(nodeA, LogoutTokens.sign(nodeA.op,
                LogoutTokens.revoking(nodeA.op, subject, sidOfAlicesNewestSession()))));

        assertSignedOut(nodeA, browser);
        GrantInfo grant = nodeA.tokens().find("alice").orElseThrow();
        assertEquals(GrantStatus.REVOKED, grant.status());
        assertEquals(OfflineGrantRevoker.ERROR, grant.revokedError());
        assertEquals(OfflineGrantRevoker.REASON, grant.revokedReason());
        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> nodeB.tokens().accessToken("alice"));
        assertEquals(OfflineGrantRevoker.ERROR, e.error());
    }

    @Test
    void logoutReceivedByOneNodeEndsTheSessionOnAnotherNodeWithinTheCacheWindow() throws Exception {
        WebClient browser = signedIn(nodeB, false);

        assertAccepted(postToken(nodeA, nodeA.op.mintLogoutToken("alice")));

        assertStillSignedIn(nodeB, browser);   // node B answers from its cache for up to the window
        nodeA.clock.advance(CachedEndedSessions.DEFAULT_TTL.plusMillis(1));
        assertSignedOut(nodeB, browser);
    }

    @Test
    void aJsonClientWhoseSessionWasEndedGets401() throws Exception {
        WebClient browser = signedIn(nodeA, false);
        assertAccepted(postToken(nodeA, nodeA.op.mintLogoutToken("alice")));

        WebRequest request = new WebRequest(new URL(nodeA.url("/secured/data")));
        request.setAdditionalHeader("Accept", "application/json");
        Page page = browser.getPage(request);

        assertEquals(401, page.getWebResponse().getStatusCode());
        assertTrue(page.getWebResponse().getContentType().startsWith("application/json"));
    }

    @Test
    void badRequestsAreRefusedAndNeitherEndNorCreateASession() throws Exception {
        WebClient browser = signedIn(nodeA, false);
        String token = nodeA.op.mintLogoutToken("alice");

        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(nodeA.url(PATH))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(get, 405);
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
        byte[] huge = ("logout_token=" + "a".repeat(70 * 1024)).getBytes(StandardCharsets.US_ASCII);
        assertRefused(post(nodeA, FORM, HttpRequest.BodyPublishers.ofByteArray(huge)), 400);
        assertRefused(post(nodeA, FORM, HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(huge))), 400);   // chunked: no Content-Length, cut while reading
        assertRefused(postToken(nodeA, "garbage"), 400);
        assertRefused(post(nodeA, FORM, HttpRequest.BodyPublishers.ofString("other=1")), 400);
        assertRefused(post(nodeA, "text/plain", HttpRequest.BodyPublishers.ofString("logout_token=" + token)), 400);
        assertStillSignedIn(nodeA, browser);

        assertAccepted(postToken(nodeB, token));
        assertRefused(postToken(nodeA, token), 400);   // replayed to another node
        assertRefused(postToken(nodeB, token), 400);   // replayed to the same node
    }

    @Test
    void aBackchannelPathOutsideTheMappingFailsTheStartNamingWhatToMap() throws Exception {
        Path other = Files.createDirectories(dir.resolve("c"));
        Exception e = assertThrows(Exception.class, () -> FilterHarness.start(other, List.of("/secured/*"),
                config -> config.put("backchannel-logout-path", "/oidc/backchannel-logout")).close());
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t.getMessage()).append(" | ");
        }
        assertTrue(chain.toString().contains("Add <url-pattern>/oidc/backchannel-logout</url-pattern>"),
                chain.toString());
    }
}
