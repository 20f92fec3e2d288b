package dev.offlineaccess.hardening;

import dev.offlineaccess.login.LoginFailure;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.OfflineTokenException;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.offlineaccess.hardening.Browsing.assertAdapterPage;
import static dev.offlineaccess.hardening.Browsing.line;
import static dev.offlineaccess.hardening.Browsing.location;
import static dev.offlineaccess.hardening.Browsing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token database goes down — at sign-in, during a background refresh, while a session is renewed, and between
 * the provider's answer (which already rotated the refresh token) and the write of the rotated token. The adapter
 * runs against an H2 server that the test takes away (connections die, new ones fail) and brings back, with
 * refresh-token rotation and reuse detection at the provider. Each case: what the user or task sees, and that no
 * valid stored token is lost.
 */
@Timeout(180)
class DatabaseFaultsTest {
    @TempDir
    static Path dir;
    static TakeAwayDatabase database;
    static AdapterUnderTest app;

    @BeforeAll
    static void start() throws Exception {
        database = new TakeAwayDatabase(dir);
        app = AdapterUnderTest.builder(Files.createDirectories(dir.resolve("app"))).rotation().configure(config -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> store = (Map<String, Object>) config.get("store");
            store.put("jdbc-url", database.url());
        }).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        database.close();
    }

    private boolean away;

    @AfterEach
    void bringBack() throws Exception {
        app.op.heal();
        if (away) {
            database.bringBack();
            away = false;
        }
    }

    private void takeAway() throws Exception {
        database.takeAway();
        away = true;
    }

    private void bringBackNow() throws Exception {
        database.bringBack();
        away = false;
    }

    @Test
    void theDatabaseDownAtSignInStillSignsTheUserInAndSaysOfflineAccessWasNotSaved() throws Exception {
        app.tokens().forget("alice");
        takeAway();
        WebClient browser = app.browser();
        app.op.nextLogin("alice");

        HtmlPage notice = browser.getPage(app.url("/secured/page?scope=offline_access"));

        assertAdapterPage(app, notice, 200, "OFFLINE_NOT_SAVED");
        assertTrue(text(notice).contains("You are signed in. Offline access could not be saved"), text(notice));
        assertEquals("/app/secured/page", notice.getHtmlElementById("oidc-link").getAttribute("href"));
        Page continued = notice.getHtmlElementById("oidc-link").click();
        assertEquals("alice", line(continued, "user"));
        assertEquals("false", line(continued, "offline"));
        bringBackNow();
        assertTrue(app.tokens().find("alice").isEmpty(), "nothing stored, no half-written row");

        app.clock.advance(Duration.ofMinutes(6));
        assertTrue(location(browser, app.url("/secured/page")).startsWith(app.op.endpoint(Endpoint.AUTHORIZATION)
                .toString()), "without a refresh token the session ends with its access token");
        app.op.nextLogin("alice");
        assertEquals("true", line(browser.getPage(app.url("/secured/page?scope=offline_access")), "offline"),
                "with the database back, offline access is saved");
        assertTrue(app.tokens().find("alice").orElseThrow().isActive());
    }

    @Test
    void aStoredGrantSurvivesANewSignInWhileTheDatabaseIsDown() throws Exception {
        app.op.nextLogin("carol");
        assertEquals("true", line(app.browser().getPage(app.url("/secured/page?scope=offline_access")), "offline"));
        takeAway();
        app.op.nextLogin("carol");
        assertAdapterPage(app, app.browser().getPage(app.url("/secured/page?scope=offline_access")), 200,
                "OFFLINE_NOT_SAVED");
        bringBackNow();

        app.clock.advance(Duration.ofMinutes(6));
        AccessToken token = app.tokens().accessToken("carol");
        assertTrue(token.expiresAt().isAfter(app.clock.instant()), "the stored chain still works");
        assertTrue(app.tokens().find("carol").orElseThrow().isActive());
    }

    @Test
    void theDatabaseDownDuringABackgroundRefreshFailsFastBeforeTheProviderIsAsked() throws Exception {
        signInOffline("alice");
        app.clock.advance(Duration.ofMinutes(6));
        long refreshes = app.op.refreshCount();
        takeAway();

        long started = System.nanoTime();
        TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class,
                () -> app.tokens().accessToken("alice"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(OfflineTokenException.Action.RETRY_LATER, e.action());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "failed in " + took);
        assertEquals(refreshes, app.op.refreshCount(), "the provider was not asked: the stored token stays valid");
        bringBackNow();
        assertTrue(app.tokens().accessToken("alice").expiresAt().isAfter(app.clock.instant()));
    }

    @Test
    void theDatabaseDownWhileASessionIsRenewedKeepsTheSessionAndAnswers503NamingTheStorage() throws Exception {
        WebClient browser = signInOffline("alice");
        app.clock.advance(Duration.ofMinutes(6));
        List<String> rowBefore = grantRowOf("alice");
        assertEquals(1, rowBefore.size(), "alice's grant is stored");
        long refreshes = app.op.refreshCount();
        takeAway();

        Page page = browser.getPage(app.url("/secured/page"));

        assertAdapterPage(app, page, 503, LoginFailure.TOKEN_STORE_UNAVAILABLE.name());
        assertEquals("10", page.getWebResponse().getResponseHeaderValue("Retry-After"));
        assertTrue(text(page).contains("sign-in storage is unavailable"), text(page));
        assertFalse(text(page).contains("identity provider"), "the provider is fine: " + text(page));
        bringBackNow();
        assertEquals(rowBefore, grantRowOf("alice"), "the stored grant is unchanged, byte for byte");
        assertEquals(refreshes, app.op.refreshCount(), "the provider was not asked");
        assertEquals("alice", line(browser.getPage(app.url("/secured/page")), "user"), "the same session goes on");
    }

    @Test
    void theDatabaseDownWhileAJsonClientsSessionIsRenewedAnswers503NamingTheTokenStore() throws Exception {
        WebClient browser = signInOffline("alice");
        app.clock.advance(Duration.ofMinutes(6));
        takeAway();

        Page answer = browser.getPage(jsonRequest(app.url("/secured/page")));

        assertEquals(503, answer.getWebResponse().getStatusCode(), text(answer));
        assertEquals("10", answer.getWebResponse().getResponseHeaderValue("Retry-After"));
        assertEquals("{\"error\":\"temporarily_unavailable\",\"error_description\":\"The token store cannot be"
                + " reached\"}", text(answer));
        bringBackNow();
        assertEquals("alice", line(browser.getPage(app.url("/secured/page")), "user"), "the same session goes on");
    }

    /**
     * The provider rotates the token (the stored one is now used up) and the database dies before the write: the
     * caller gets {@link TokenStoreUnavailableException} after the write retries, the rotated row waits in memory,
     * and once the database is back the next call writes it before anything else — no second refresh, no reuse of
     * the dead token, the grant survives.
     */
    @Test
    void theDatabaseBreaksAfterTheProviderRotatedAndTheRotatedTokenIsWrittenWhenItIsBack() throws Exception {
        signInOffline("alice");
        app.clock.advance(Duration.ofMinutes(6));
        OfflineTokenService service = (OfflineTokenService) app.tokens();
        Set<String> before = app.op.validRefreshTokens("alice");
        long requests = app.op.requestCount(Endpoint.TOKEN);
        long failed = app.op.failedRefreshCount();
        app.op.delay(Endpoint.TOKEN, Duration.ofMillis(1500));

        CompletableFuture<AccessToken> call = CompletableFuture.supplyAsync(() -> app.tokens().accessToken("alice"));
        awaitRequest(requests);
        takeAway();
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));

        assertInstanceOf(TokenStoreUnavailableException.class, e.getCause());
        assertEquals(1, service.pendingWriteCount(), "the rotated row waits in memory");
        String used = app.op.lastRequest(Endpoint.TOKEN).orElseThrow().param("refresh_token");
        assertTrue(before.contains(used) && !app.op.validRefreshTokens("alice").contains(used),
                "the provider rotated: the stored token is used up");
        app.op.heal();
        bringBackNow();
        long refreshes = app.op.refreshCount();

        AccessToken token = app.tokens().accessToken("alice");

        assertTrue(token.expiresAt().isAfter(app.clock.instant()));
        assertEquals(refreshes, app.op.refreshCount(), "the pending token was served: no second refresh");
        assertEquals(0, service.pendingWriteCount());
        app.clock.advance(Duration.ofMinutes(6));
        assertTrue(app.tokens().accessToken("alice").expiresAt().isAfter(app.clock.instant()));
        assertEquals(failed, app.op.failedRefreshCount(), "no refresh with a used token: reuse detection never fired");
    }

    private static WebClient signInOffline(String user) throws Exception {
        WebClient browser = app.browser();
        app.op.nextLogin(user);
        assertEquals("true", line(browser.getPage(app.url("/secured/page?scope=offline_access")), "offline"));
        return browser;
    }

    /** The raw row of {@code user}'s grant in the database, every column (tokens sealed as stored). */
    private static List<String> grantRowOf(String user) throws SQLException {
        return RawRows.dump(database.url(), null, null).stream()
                .filter(row -> row.startsWith("OA_OFFLINE_GRANT:") && row.contains("PRINCIPAL=" + user))
                .toList();
    }

    private static WebRequest jsonRequest(String url) throws MalformedURLException {
        WebRequest request = new WebRequest(new URL(url));
        request.setAdditionalHeader("Accept", "application/json");
        return request;
    }

    private static void awaitRequest(long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (app.op.requestCount(Endpoint.TOKEN) == before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the refresh never reached the provider");
            }
            Thread.sleep(5);
        }
    }
}
