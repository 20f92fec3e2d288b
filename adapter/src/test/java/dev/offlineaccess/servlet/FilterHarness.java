package dev.offlineaccess.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.TestClock;
import dev.offlineaccess.tokens.OfflineTokens;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.util.Cookie;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The real {@link OidcFilter} in an embedded Jetty 12 (context {@code /app} unless given) against a {@link FakeOpenIdProvider}
 * sharing one {@link TestClock}, with {@link EchoServlet} behind it, and an HtmlUnit browser. The configuration is
 * written to a JSON file and loaded through the {@code config-file} init-parameter, like in production; the token
 * store is an H2 file of its own. One harness per test class; each test takes a fresh {@link #browser()}.
 */
final class FilterHarness implements AutoCloseable {
    static final String CONTEXT = "/app";

    /** The clock shared by the fake provider and the filter; {@code null} with a real provider. */
    final TestClock clock;
    /** The fake provider, or {@code null} with a real provider. */
    final FakeOpenIdProvider op;
    /** Whether {@link #close()} stops {@link #op} (not for a second node sharing another harness's provider). */
    private final boolean ownsProvider;
    private final Server server;
    private final ServletContextHandler context;
    private final URI base;
    private final List<WebClient> browsers = new ArrayList<>();

    private FilterHarness(String contextPath, List<String> urlPatterns, Consumer<Map<String, Object>> configure,
                          Path dir) throws Exception {
        this(fakeProvider(), true, contextPath, urlPatterns, configure, dir, "127.0.0.1");
    }

    private static FakeOpenIdProvider fakeProvider() {
        TestClock clock = new TestClock();
        FakeOpenIdProvider op = FakeOpenIdProvider.builder().clock(clock)
                .accessTokenLifetime(java.time.Duration.ofMinutes(5)).start();
        op.addUser("alice");
        op.addUserWithoutOfflineAccess("bob");
        op.defaultUser("alice");
        return op;
    }

    /**
     * @param op   the fake provider whose issuer and client are configured, or {@code null} when
     *             {@code configure} names the provider (a real Keycloak)
     * @param host the host name of the application's URLs
     */
    private FilterHarness(FakeOpenIdProvider op, boolean ownsProvider, String contextPath, List<String> urlPatterns,
                          Consumer<Map<String, Object>> configure, Path dir, String host) throws Exception {
        this.op = op;
        this.ownsProvider = ownsProvider;
        this.clock = op == null ? null : op.clock();
        Map<String, Object> config = new LinkedHashMap<>();
        if (op != null) {
            config.put("issuer", op.issuer().toString());
            config.put("client-id", op.clientId());
            config.put("client-secret", op.clientSecret());
        }
        config.put("principal-claim", "preferred_username");
        config.put("offline-prompt-consent", false);
        config.put("bearer-paths", List.of("/secured/api/*"));
        config.put("store", Map.of("h2-file", dir.resolve("tokens").toString(), "development-mode", true,
                "keep-alive", Map.of("enabled", false)));
        configure.accept(config);
        Path file = dir.resolve("oidc.json");
        Files.writeString(file, JSONObjectUtils.toJSONString(config), StandardCharsets.UTF_8);

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        FilterHolder filter = new FilterHolder(clock == null ? new OidcFilter() : new OidcFilter(clock));
        filter.setName("oidc");
        filter.setInitParameter(OidcFilter.CONFIG_FILE, file.toString());
        for (String pattern : urlPatterns) {
            context.addFilter(filter, pattern, EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new EchoServlet()), "/");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        base = URI.create("http://" + host + ":" + connector.getLocalPort() + contextPath);
    }

    /**
     * A harness for a real provider: {@code configure} sets {@code issuer}, {@code client-id} and
     * {@code client-secret}; the application's URLs use {@code localhost}; the filter runs on the system clock.
     */
    static FilterHarness startForRealProvider(Path dir, Consumer<Map<String, Object>> configure) throws Exception {
        return new FilterHarness(null, false, CONTEXT, List.of("/secured/*"), configure, dir, "localhost");
    }

    /**
     * Another node of the same application: its own Jetty and filter on the fake provider (and clock) of
     * {@code first}, which stays in charge of closing it. {@code configure} usually points the store at the first
     * node's database.
     */
    static FilterHarness startNode(FilterHarness first, Path dir, List<String> urlPatterns,
                                   Consumer<Map<String, Object>> configure) throws Exception {
        return new FilterHarness(first.op, false, CONTEXT, urlPatterns, configure, dir, "127.0.0.1");
    }

    /** A harness with the filter mapped to {@code urlPatterns}; {@code configure} may change the JSON first. */
    static FilterHarness start(Path dir, List<String> urlPatterns, Consumer<Map<String, Object>> configure)
            throws Exception {
        return new FilterHarness(CONTEXT, urlPatterns, configure, dir);
    }

    /** A harness whose web application has the context path {@code contextPath} ({@code ""}: the root). */
    static FilterHarness start(Path dir, String contextPath, List<String> urlPatterns,
                               Consumer<Map<String, Object>> configure) throws Exception {
        return new FilterHarness(contextPath, urlPatterns, configure, dir);
    }

    static FilterHarness start(Path dir) throws Exception {
        return start(dir, List.of("/secured/*"), config -> { });
    }

    /** An absolute URL of the application, e.g. {@code url("/secured/page")}. */
    String url(String path) {
        return base + path;
    }

    URI base() {
        return base;
    }

    /** A fresh browser (no cookies), redirects followed, failing status codes returned as pages. */
    WebClient browser() {
        WebClient browser = new WebClient(BrowserVersion.BEST_SUPPORTED);
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setPrintContentOnFailingStatusCode(false);
        browser.getOptions().setRedirectEnabled(true);
        browser.getOptions().setTimeout(20_000);
        browsers.add(browser);
        return browser;
    }

    /** The browser's session cookie, or {@code null}. */
    static String sessionId(WebClient browser) {
        Cookie cookie = browser.getCookieManager().getCookie("JSESSIONID");
        return cookie == null ? null : cookie.getValue();
    }

    static Cookie sessionCookie(WebClient browser) {
        return browser.getCookieManager().getCookie("JSESSIONID");
    }

    /** The filter's offline-token API, as the application looks it up. */
    OfflineTokens tokens() {
        return OfflineAccess.tokens(context.getServletContext());
    }

    jakarta.servlet.ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public void close() throws IOException {
        browsers.forEach(WebClient::close);
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            if (ownsProvider) {
                op.close();
            }
        }
    }
}
