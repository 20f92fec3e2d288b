package dev.offlineaccess.hardening;

import dev.offlineaccess.testing.AuthorizationRedirect;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.IdTokenFault;
import dev.offlineaccess.testing.RecordedRequest;
import dev.offlineaccess.tokens.OfflineTokenException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.offlineaccess.hardening.Browsing.line;
import static dev.offlineaccess.hardening.Browsing.location;
import static dev.offlineaccess.hardening.Browsing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full end-to-end run against the fake provider with refresh-token rotation — offline sign-in, session renewal
 * through the token service, background token API, online session and its refresh, refused offline access, bearer
 * calls (valid, tampered, expired), token import, hostile ID tokens, the provider down during a background refresh,
 * logout, a back-channel logout (and its replay), revocation, a grant ended at the provider — while every log line at every level and everything printed is
 * captured. Every token, code, PKCE verifier, state and nonce the run produced (collected from the provider's
 * recorded requests, the redirects, the session and the API), the client secret and the encryption key must be
 * absent from: the application's log lines, every exception the run provoked (message, {@code toString()}, causes),
 * every page the browser got, and the raw rows of the token database — once on the H2 file and once on PostgreSQL.
 */
@Timeout(240)
class SecretsEndToEndTest {
    @TempDir
    Path dir;

    private final List<String> exceptions = new ArrayList<>();
    private final List<String> pages = new ArrayList<>();

    @Test
    void onTheH2FileNothingSecretIsLoggedThrownShownOrStoredInTheClear() throws Exception {
        try (OutputCapture capture = new OutputCapture();
             AdapterUnderTest app = AdapterUnderTest.builder(dir).rotation().configure(SecretsEndToEndTest::backchannel)
                     .start()) {
            runEverything(app);
            assertNoLeak(app, capture, RawRows.dump(app.h2Url(), null, null));
        }
    }

    @Test
    void onPostgresqlNothingSecretIsLoggedThrownShownOrStoredInTheClear() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            try (OutputCapture capture = new OutputCapture();
                 AdapterUnderTest app = AdapterUnderTest.builder(dir).rotation().configure(SecretsEndToEndTest::backchannel)
                         .configure(config -> {
                     @SuppressWarnings("unchecked")
                     Map<String, Object> store = (Map<String, Object>) config.get("store");
                     store.put("jdbc-url", url);
                     store.put("user", "postgres");
                 }).start()) {
                runEverything(app);
                assertNoLeak(app, capture, RawRows.dump(url, "postgres", null));
            }
        }
    }

    private static void backchannel(Map<String, Object> config) {
        config.put("backchannel-logout-path", "/secured/backchannel-logout");
    }

    private void assertNoLeak(AdapterUnderTest app, OutputCapture capture, List<String> rows) {
        SecretValues secrets = app.seen;
        secrets.add(Base64.getEncoder().encodeToString((app.op.clientId() + ":" + app.op.clientSecret())
                .getBytes(StandardCharsets.UTF_8)));
        assertTrue(secrets.size() >= 30, "the run produced and collected many secrets: " + secrets.size());

        List<String> logged = capture.ofTheApplication();
        assertTrue(capture.all().stream().anyMatch(l -> l.logger().startsWith("dev.offlineaccess")
                && l.level().equals("FINE")), "debug lines of the adapter were captured");
        assertTrue(logged.size() > 20, "lines checked: " + logged.size());
        assertEquals(List.of(), secrets.leaks(logged), "log lines and printed output");
        assertTrue(exceptions.size() >= 6, "exceptions provoked: " + exceptions.size());
        assertEquals(List.of(), secrets.leaks(exceptions), "exception messages and toString()");
        assertEquals(List.of(), secrets.leaks(pages), "pages");
        assertTrue(rows.stream().anyMatch(r -> r.contains("alice")), "the grant table was read: " + rows.size());
        assertEquals(List.of(), secrets.leaks(rows), "raw database rows");
        System.out.println("SECRETS " + secrets.size() + " secret values; " + capture.all().size() + " lines captured, "
                + logged.size() + " of the application checked; " + exceptions.size() + " exception texts; "
                + pages.size() + " page bodies and headers; " + rows.size() + " raw rows; lines per source: "
                + capture.all().stream().filter(l -> !l.testSide()).collect(java.util.stream.Collectors.groupingBy(
                        l -> l.channel() + ":" + l.logger().replaceAll("^((?:[^.]+\\.){0,2}[^.]+).*", "$1"),
                        java.util.TreeMap::new, java.util.stream.Collectors.counting())));
    }

    private void runEverything(AdapterUnderTest app) throws Exception {
        WebClient alice = app.browser();
        offlineSignIn(app, alice);
        renewals(app, alice);
        onlineSessionOf(app, "carol");
        app.op.nextLogin("bob");
        Page refused = page(app.browser().getPage(app.url("/secured/page?scope=offline_access")));
        assertEquals(403, refused.getWebResponse().getStatusCode());
        bearerCalls(app);
        importsAndFailures(app);
        hostileIdTokens(app);
        providerDownInTheBackground(app);
        logout(app, alice);
        backchannelLogout(app);
        revocations(app);
    }

    private void offlineSignIn(AdapterUnderTest app, WebClient browser) throws Exception {
        app.op.nextLogin("alice");
        String authorization = location(browser, app.url("/secured/page?scope=offline_access"));
        rememberQueryValues(app, authorization, "state", "nonce", "code_challenge");
        AuthorizationRedirect back = app.op.authorize(URI.create(authorization));
        app.seen.add(back.code());
        Page landed = page(browser.getPage(back.location().toString()));
        assertEquals("alice", line(landed, "user"));
        assertEquals("true", line(landed, "offline"));
        remember(app, Endpoint.TOKEN, "code", "code_verifier", "refresh_token");
        app.seen.addAll(app.op.validRefreshTokens("alice"));
    }

    private void renewals(AdapterUnderTest app, WebClient alice) throws Exception {
        app.clock.advance(Duration.ofMinutes(6));
        assertEquals("alice", line(page(alice.getPage(app.url("/secured/page"))), "user"));
        remember(app, Endpoint.TOKEN, "refresh_token");
        app.seen.addAll(app.op.validRefreshTokens("alice"));
        app.clock.advance(Duration.ofMinutes(6));
        app.seen.add(app.tokens().accessToken("alice").value());
        remember(app, Endpoint.TOKEN, "refresh_token");
        app.seen.addAll(app.op.validRefreshTokens("alice"));
        assertEquals("alice", line(page(alice.getPage(app.url("/secured/page"))), "user"));
    }

    private void onlineSessionOf(AdapterUnderTest app, String user) throws Exception {
        WebClient browser = app.browser();
        app.op.nextLogin(user);
        assertEquals(user, line(page(browser.getPage(app.url("/secured/page"))), "user"));
        remember(app, Endpoint.TOKEN, "code", "code_verifier");
        app.seen.addAll(app.op.validRefreshTokens(user));
        app.clock.advance(Duration.ofMinutes(6));
        assertEquals(user, line(page(browser.getPage(app.url("/secured/page"))), "user"));
        remember(app, Endpoint.TOKEN, "refresh_token");
        app.seen.addAll(app.op.validRefreshTokens(user));
    }

    private void bearerCalls(AdapterUnderTest app) throws Exception {
        String token = app.op.accessTokenFor("carol");
        app.seen.add(token);
        WebClient api = app.browser();
        assertEquals(200, bearer(app, api, token).getWebResponse().getStatusCode());
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        app.seen.add(tampered);
        assertEquals(401, bearer(app, api, tampered).getWebResponse().getStatusCode());
        assertEquals(401, bearer(app, api, "not-a-jwt-but-a-long-opaque-secret-value-0123456789")
                .getWebResponse().getStatusCode());
        app.seen.add("not-a-jwt-but-a-long-opaque-secret-value-0123456789");
        app.clock.advance(Duration.ofMinutes(10));
        assertEquals(401, bearer(app, api, token).getWebResponse().getStatusCode(), "expired");
    }

    private Page bearer(AdapterUnderTest app, WebClient client, String token) throws Exception {
        WebRequest request = new WebRequest(new URL(app.url("/secured/api/data")));
        request.setAdditionalHeader("Authorization", "Bearer " + token);
        return page(client.getPage(request));
    }

    private void importsAndFailures(AdapterUnderTest app) {
        Object imported = app.op.passwordGrant("carol", "openid offline_access").get("refresh_token");
        app.seen.add(String.valueOf(imported));
        app.tokens().importToken("dave", String.valueOf(imported));
        app.seen.add(app.tokens().accessToken("dave").value());
        remember(app, Endpoint.TOKEN, "refresh_token");
        app.seen.addAll(app.op.validRefreshTokens("carol"));
        String forged = String.valueOf(imported).replace('a', 'b');
        app.seen.add(forged);
        failure(() -> app.tokens().importToken("eve", forged));
        failure(() -> app.tokens().importToken("eve", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJldmUifQ."));
        failure(() -> app.tokens().accessToken("nobody"));
    }

    private void hostileIdTokens(AdapterUnderTest app) throws Exception {
        for (IdTokenFault fault : Set.of(IdTokenFault.BAD_SIGNATURE, IdTokenFault.ALG_NONE,
                IdTokenFault.WRONG_NONCE)) {
            app.op.idTokenFault(fault);
            app.op.nextLogin("alice");
            Page page = page(app.browser().getPage(app.url("/secured/other?scope=offline_access")));
            assertEquals(502, page.getWebResponse().getStatusCode());
            remember(app, Endpoint.TOKEN, "code", "code_verifier");
        }
        app.op.heal();
    }

    private void providerDownInTheBackground(AdapterUnderTest app) {
        app.clock.advance(Duration.ofMinutes(6));
        app.op.stop();
        failure(() -> app.tokens().accessToken("alice"));
        app.op.restart();
        app.seen.add(app.tokens().accessToken("alice").value());
        remember(app, Endpoint.TOKEN, "refresh_token");
        app.seen.addAll(app.op.validRefreshTokens("alice"));
    }

    private void logout(AdapterUnderTest app, WebClient alice) throws Exception {
        HtmlPage confirm = (HtmlPage) page(alice.getPage(app.url("/secured/logout")));
        Page after = page(confirm.getHtmlElementById("oidc-logout").click());
        assertTrue(after.getUrl().toString().startsWith(app.url("/")), after.getUrl().toString());
        remember(app, Endpoint.END_SESSION, "id_token_hint", "state");
        assertEquals("anonymous", line(page(alice.getPage(app.url("/public/page"))), "user"));
    }

    /** The provider ends carol's session server to server: her browser is signed out. */
    private void backchannelLogout(AdapterUnderTest app) throws Exception {
        WebClient carol = app.browser();
        app.op.nextLogin("carol");
        assertEquals("carol", line(page(carol.getPage(app.url("/secured/page"))), "user"));
        String logoutToken = app.op.mintLogoutToken("carol");
        app.seen.add(logoutToken);
        WebRequest post = new WebRequest(new URL(app.url("/secured/backchannel-logout")), HttpMethod.POST);
        post.setRequestParameters(List.of(new NameValuePair("logout_token", logoutToken)));
        assertEquals(200, page(app.browser().getPage(post)).getWebResponse().getStatusCode());
        assertEquals(400, page(app.browser().getPage(post)).getWebResponse().getStatusCode(), "a replay is refused");
        assertEquals("anonymous", line(page(carol.getPage(app.url("/public/page"))), "user"));
    }

    private void revocations(AdapterUnderTest app) {
        app.op.stop();
        failure(() -> app.tokens().revoke("dave"));
        app.op.restart();
        app.tokens().revoke("alice");
        remember(app, Endpoint.REVOCATION, "token");
        failure(() -> app.tokens().accessToken("alice"));
        app.op.disableUser("carol");
        app.clock.advance(Duration.ofMinutes(6));
        failure(() -> app.tokens().accessToken("dave"));
        app.op.enableUser("carol");
    }

    /** Runs a call that must fail with the token API's exception and keeps what the exception says. */
    private void failure(Runnable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call::run);
        assertTrue(e instanceof OfflineTokenException || e instanceof IllegalArgumentException, e.toString());
        for (Throwable t = e; t != null; t = t.getCause()) {
            exceptions.add(t.toString());
            exceptions.add(String.valueOf(t.getMessage()));
            exceptions.add(String.valueOf(t.getLocalizedMessage()));
        }
    }

    private Page page(Page page) {
        pages.add(page.getWebResponse().getContentAsString());
        page.getWebResponse().getResponseHeaders().forEach(h -> {
            if (!h.getName().equalsIgnoreCase("Location")) {
                pages.add(h.getName() + ": " + h.getValue());
            }
        });
        return page;
    }

    private static void remember(AdapterUnderTest app, Endpoint endpoint, String... names) {
        RecordedRequest request = app.op.lastRequest(endpoint).orElseThrow();
        for (String name : names) {
            app.seen.add(request.param(name));
        }
    }

    private static void rememberQueryValues(AdapterUnderTest app, String url, String... names) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            for (String name : names) {
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    app.seen.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        assertFalse(query.isEmpty());
    }
}
