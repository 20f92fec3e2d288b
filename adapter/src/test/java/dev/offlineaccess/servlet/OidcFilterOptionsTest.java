package dev.offlineaccess.servlet;

import dev.offlineaccess.testing.Endpoint;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration choices and start-up conditions, one application each. */
class OidcFilterOptionsTest {
    @TempDir
    Path dir;

    private static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    @Test
    void promptConsentIsAddedToOfflineRequestsWhenConfigured() throws Exception {
        try (FilterHarness app = FilterHarness.start(dir, List.of("/secured/*"),
                config -> config.put("offline-prompt-consent", true))) {
            app.browser().getPage(app.url("/secured/page"));
            assertNull(app.op.lastRequest(Endpoint.AUTHORIZATION).orElseThrow().param("prompt"));
            Page page = app.browser().getPage(app.url("/secured/page?scope=offline_access&prompt=login"));
            assertTrue(text(page).contains("offline=true"), text(page));
            assertEquals("login consent", app.op.lastRequest(Endpoint.AUTHORIZATION).orElseThrow().param("prompt"));
            assertEquals("code", app.op.lastRequest(Endpoint.AUTHORIZATION).orElseThrow().param("response_type"));
        }
    }

    @Test
    void offlineModeNeverIgnoresTheRequestParameter() throws Exception {
        try (FilterHarness app = FilterHarness.start(dir, List.of("/secured/*"),
                config -> config.put("offline-access", "never"))) {
            Page page = app.browser().getPage(app.url("/secured/page?scope=offline_access"));
            assertTrue(text(page).contains("offline=false"), text(page));
            assertTrue(app.tokens().find("alice").isEmpty());
        }
    }

    @Test
    void offlineModeAlwaysStoresAGrantAtEverySignIn() throws Exception {
        try (FilterHarness app = FilterHarness.start(dir, List.of("/secured/*"),
                config -> config.put("offline-access", "always"))) {
            Page page = app.browser().getPage(app.url("/secured/page"));
            assertTrue(text(page).contains("offline=true"), text(page));
            assertTrue(app.tokens().find("alice").isPresent());
        }
    }

    @Test
    void providerDownAtStartDoesNotFailTheDeploymentUsersGet503UntilItIsBack() throws Exception {
        try (FilterHarness app = FilterHarness.start(dir)) {
            app.op.stop();
            WebClient browser = app.browser();
            Page down = browser.getPage(app.url("/secured/page?x=1"));
            assertEquals(503, down.getWebResponse().getStatusCode());
            assertEquals("10", down.getWebResponse().getResponseHeaderValue("Retry-After"));
            assertTrue(text(down).contains("cannot be reached"), text(down));
            assertNull(FilterHarness.sessionId(browser), "no session while nothing can start");
            app.op.restart();
            app.clock.advance(Duration.ofSeconds(2));
            Page back = ((HtmlPage) down).getHtmlElementById("oidc-link").click();
            assertTrue(text(back).contains("remoteUser=alice"), text(back));
            assertEquals(app.url("/secured/page?x=1"), back.getUrl().toString());
        }
    }

    @Test
    void destroyWithdrawsTheTokenApiAndLookupsExplainWhy() throws Exception {
        FilterHarness app = FilterHarness.start(dir);
        jakarta.servlet.ServletContext context = app.servletContext();
        assertTrue(OfflineAccess.tokens(context, "oidc") == OfflineAccess.tokens(context));
        dev.offlineaccess.tokens.OfflineTokens lazy = OfflineAccess.lazyTokens(context);
        assertEquals(0, lazy.count());
        app.close();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> OfflineAccess.tokens(context));
        assertTrue(e.getMessage().contains("lazyTokens"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, lazy::count);
    }
}
