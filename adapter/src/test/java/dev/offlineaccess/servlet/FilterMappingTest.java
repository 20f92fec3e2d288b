package dev.offlineaccess.servlet;

import dev.offlineaccess.config.BearerSettings;
import dev.offlineaccess.config.LogoutSettings;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.login.FlowPaths;
import dev.offlineaccess.login.TestSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterMappingTest {
    private static OidcSettings settings(String callback, String logout, List<String> bearerPaths) {
        OidcSettings base = TestSettings.settings(URI.create("https://op.example"), "portal", "s");
        var login = base.login();
        return TestSettings.settings(URI.create("https://op.example"), "portal", "s",
                new dev.offlineaccess.config.LoginSettings(login.scopes(), callback, login.offlineAccess(),
                        login.offlinePromptConsent(), login.principalClaim(), login.roleClaims(),
                        login.idTokenAlgorithms(), login.maxPendingLogins(), login.sslRequired()),
                new LogoutSettings(logout, null, null),
                new BearerSettings(false, bearerPaths, null, Duration.ofSeconds(30)));
    }

    private static FlowPaths paths(List<String> patterns) {
        return FilterMapping.paths("oidc", patterns, settings(null, null, List.of()));
    }

    @Test
    void pathsWhenMappedToAPrefixThenBelowIt() {
        assertEquals(new FlowPaths("/secured/oidc-callback", "/secured/logout"), paths(List.of("/secured/*")));
    }

    @Test
    void pathsWhenMappedToEverythingThenAtTheRoot() {
        assertEquals(new FlowPaths("/oidc-callback", "/logout"), paths(List.of("/*")));
        assertEquals(new FlowPaths("/oidc-callback", "/logout"), paths(List.of("/")));
    }

    @Test
    void pathsWhenExactPatternsNameThemThenThoseWinOverPrefixes() {
        assertEquals(new FlowPaths("/oidc-callback", "/logout"),
                paths(List.of("/customers", "/admin/*", "/oidc-callback", "/logout")));
    }

    @Test
    void pathsSkipPrefixesThatAreApiPaths() {
        FlowPaths paths = FilterMapping.paths("oidc", List.of("/api/*", "/app/*"),
                settings(null, null, List.of("/api/*")));
        assertEquals(new FlowPaths("/app/oidc-callback", "/app/logout"), paths);
    }

    @Test
    void pathsWhenOnlyExactOrExtensionPatternsThenFailureNamesTheUrlPatternToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> paths(List.of("/customers", "*.jsp")));
        assertTrue(e.getMessage().contains("<url-pattern>/oidc-callback</url-pattern>"), e.getMessage());
        assertTrue(e.getMessage().contains("'oidc'"), e.getMessage());
    }

    @Test
    void pathsWhenNoUrlPatternAtAll() {
        assertThrows(IllegalStateException.class, () -> paths(List.of()));
    }

    @Test
    void pathsWhenConfiguredAndCoveredThenUsed() {
        assertEquals(new FlowPaths("/secured/cb", "/secured/bye"),
                FilterMapping.paths("oidc", List.of("/secured/*"), settings("/secured/cb", "/secured/bye", List.of())));
    }

    @Test
    void pathsWhenConfiguredButNotCoveredThenFailureNamesIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FilterMapping.paths("oidc",
                List.of("/secured/*"), settings("/secured/cb", "/bye", List.of())));
        assertTrue(e.getMessage().contains("<url-pattern>/bye</url-pattern>"), e.getMessage());
        assertTrue(e.getMessage().contains("logout-path"), e.getMessage());
    }

    private static OidcSettings withBackchannel(String backchannelPath) {
        OidcSettings base = TestSettings.settings(URI.create("https://op.example"), "portal", "s");
        return TestSettings.settings(URI.create("https://op.example"), "portal", "s", base.login(),
                new LogoutSettings(null, null, backchannelPath), base.bearer());
    }

    @Test
    void backchannelPathWhenNotConfiguredThenOffAndNeverDerived() {
        assertEquals(null, FilterMapping.backchannelPath("oidc", List.of("/*"), withBackchannel(null)));
    }

    @Test
    void backchannelPathWhenConfiguredAndCoveredThenUsed() {
        assertEquals("/secured/backchannel", FilterMapping.backchannelPath("oidc", List.of("/secured/*"),
                withBackchannel("/secured/backchannel")));
        assertEquals("/oidc/backchannel-logout", FilterMapping.backchannelPath("oidc",
                List.of("/secured/*", "/oidc/backchannel-logout"), withBackchannel("/oidc/backchannel-logout")));
    }

    @Test
    void backchannelPathWhenConfiguredButNotCoveredThenFailureNamesTheUrlPatternToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FilterMapping.backchannelPath(
                "oidc", List.of("/secured/*"), withBackchannel("/oidc/backchannel-logout")));
        assertTrue(e.getMessage().contains("Add <url-pattern>/oidc/backchannel-logout</url-pattern>"),
                e.getMessage());
        assertTrue(e.getMessage().contains("backchannel-logout-path"), e.getMessage());
        assertTrue(e.getMessage().contains("'oidc'"), e.getMessage());
    }
}
