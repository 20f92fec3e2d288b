package dev.offlineaccess.servlet;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter works with whatever it is mapped to, and a mapping that cannot receive the callback fails the start. */
class OidcFilterMappingTest {
    @TempDir
    Path dir;

    private static String text(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    private static String messageChain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    @Test
    void mappedToAPrefixAloneTheUserCanSignInAndOutUnderIt() throws Exception {
        try (FilterHarness app = FilterHarness.start(dir)) {
            WebClient browser = app.browser();
            Page page = browser.getPage(app.url("/secured/page"));
            assertTrue(text(page).contains("remoteUser=alice"), text(page));
            assertTrue(app.op.lastRequest(dev.offlineaccess.testing.Endpoint.AUTHORIZATION).orElseThrow()
                    .param("redirect_uri").endsWith("/app/secured/oidc-callback"));
            Page confirm = browser.getPage(app.url("/secured/logout"));
            assertTrue(text(confirm).contains("data-reason=\"LOGOUT_CONFIRM\""), text(confirm));
            Page after = ((org.htmlunit.html.HtmlPage) confirm).getHtmlElementById("oidc-logout").click();
            assertEquals(200, after.getWebResponse().getStatusCode());
            assertTrue(text(browser.getPage(app.url("/public/page"))).contains("user=anonymous"));
        }
    }

    @Test
    void mappedToEverythingInTheRootContextTheCallbackIsAtTheRootAndReturnUrlsStayLocal() throws Exception {
        try (FilterHarness app = FilterHarness.start(dir, "", List.of("/*"), config -> { })) {
            WebClient browser = app.browser();
            Page page = browser.getPage(app.url("/page"));
            assertTrue(text(page).contains("remoteUser=alice"), text(page));
            assertTrue(app.op.lastRequest(dev.offlineaccess.testing.Endpoint.AUTHORIZATION).orElseThrow()
                    .param("redirect_uri").endsWith(app.base().getPort() + "/oidc-callback"));

            WebClient other = app.browser();
            Page landed = other.getPage(app.url("//evil.example/x"));
            assertEquals(app.base().getHost(), landed.getUrl().getHost(), landed.getUrl().toString());
            assertEquals(app.base().getPort(), landed.getUrl().getPort());
            assertTrue(text(landed).contains("remoteUser=alice"), text(landed));
        }
    }

    @Test
    void mappedToExactPatternsThatIncludeTheAdaptersOwnPathsItWorks() throws Exception {
        try (FilterHarness app = FilterHarness.start(dir, List.of("/customers", "/oidc-callback", "/logout"),
                config -> { })) {
            Page page = app.browser().getPage(app.url("/customers"));
            assertTrue(text(page).contains("remoteUser=alice"), text(page));
        }
    }

    @Test
    void mappedToExactPatternsOnlyWithoutACallbackPathTheStartFailsNamingWhatToMap() {
        Exception e = assertThrows(Exception.class,
                () -> FilterHarness.start(dir, List.of("/customers", "/offline"), config -> { }).close());
        String message = messageChain(e);
        assertTrue(message.contains("<url-pattern>/oidc-callback</url-pattern>"), message);
    }

    @Test
    void configuredCallbackPathOutsideTheMappingFailsTheStartNamingWhatToMap() {
        Exception e = assertThrows(Exception.class, () -> FilterHarness.start(dir, List.of("/secured/*"),
                config -> config.put("callback-path", "/cb")).close());
        String message = messageChain(e);
        assertTrue(message.contains("<url-pattern>/cb</url-pattern>"), message);
    }

    @Test
    void configuredPathsUnderTheMappingAreUsed() throws Exception {
        try (FilterHarness app = FilterHarness.start(dir, List.of("/secured/*"),
                config -> config.put("callback-path", "/secured/auth/cb"))) {
            Page page = app.browser().getPage(app.url("/secured/page"));
            assertTrue(text(page).contains("remoteUser=alice"), text(page));
            assertTrue(app.op.lastRequest(dev.offlineaccess.testing.Endpoint.AUTHORIZATION).orElseThrow()
                    .param("redirect_uri").endsWith("/app/secured/auth/cb"));
        }
    }
}
