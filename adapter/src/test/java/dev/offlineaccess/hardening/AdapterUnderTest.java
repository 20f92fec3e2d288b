package dev.offlineaccess.hardening;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.servlet.OfflineAccess;
import dev.offlineaccess.servlet.OidcFilter;
import dev.offlineaccess.servlet.ServletTestAccess;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.TestClock;
import dev.offlineaccess.tokens.OfflineTokens;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The real {@link OidcFilter} (mapped to {@code /secured/*}, context {@value #CONTEXT}) in an embedded Jetty 12
 * against a {@link FakeOpenIdProvider} sharing one {@link TestClock}, configured through a JSON file like in
 * production, with an explicit AES key (so the suites know its value and can look for it in the output) and an H2
 * file of its own unless {@code store.jdbc-url} is configured. Behind the filter runs a {@link ProbeServlet} that
 * also answers outside the mapping ({@code /public/...}). Options: https with a self-signed certificate made at test
 * time, and Jetty's {@link ForwardedRequestCustomizer} (the documented way to run behind a TLS-terminating proxy).
 *
 * <p>One per test class; not thread-safe to configure, thread-safe to use.
 */
final class AdapterUnderTest implements AutoCloseable {
    static final String CONTEXT = "/app";

    final TestClock clock;
    final FakeOpenIdProvider op;
    /** The base64 AES key the store seals tokens with. */
    final String encryptionKey;
    /** Token values the probe saw, for the leak checks. */
    final SecretValues seen;
    final Path dir;
    private final Server server;
    private final ServletContextHandler context;
    private final URI base;
    private final List<WebClient> browsers = new ArrayList<>();

    /** Options, set before {@link #start()}. */
    static final class Builder {
        private final Path dir;
        private boolean tls;
        private boolean forwarded;
        private boolean rotation;
        private Consumer<Map<String, Object>> configure = config -> { };
        private final SecretValues seen = new SecretValues();

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Serve the application over https (self-signed, generated now) instead of http. */
        Builder tls() {
            this.tls = true;
            return this;
        }

        /** Trust {@code Forwarded}/{@code X-Forwarded-*} headers (Jetty's {@link ForwardedRequestCustomizer}). */
        Builder forwardedHeaders() {
            this.forwarded = true;
            return this;
        }

        /** Refresh-token rotation with reuse detection at the provider. */
        Builder rotation() {
            this.rotation = true;
            return this;
        }

        /** Changes the JSON configuration before it is written. */
        Builder configure(Consumer<Map<String, Object>> change) {
            this.configure = this.configure.andThen(change);
            return this;
        }

        AdapterUnderTest start() throws Exception {
            return new AdapterUnderTest(this);
        }
    }

    static Builder builder(Path dir) {
        return new Builder(dir);
    }

    static AdapterUnderTest start(Path dir) throws Exception {
        return builder(dir).start();
    }

    private AdapterUnderTest(Builder options) throws Exception {
        this.dir = options.dir;
        this.seen = options.seen;
        this.clock = new TestClock();
        this.op = FakeOpenIdProvider.builder().clock(clock).rotation(options.rotation)
                .accessTokenLifetime(Duration.ofMinutes(5)).start();
        op.addUser("alice");
        op.addUser("carol");
        op.addUserWithoutOfflineAccess("bob");
        op.defaultUser("alice");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.encryptionKey = Base64.getEncoder().encodeToString(key);
        seen.add(encryptionKey);
        seen.add(op.clientSecret());

        Path file = writeConfig(options.configure);
        server = new Server();
        ServerConnector connector = options.tls ? httpsConnector(options.forwarded) : httpConnector(options.forwarded);
        server.addConnector(connector);
        context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(CONTEXT);
        FilterHolder filter = new FilterHolder(ServletTestAccess.filter(clock));
        filter.setName("oidc");
        filter.setInitParameter(OidcFilter.CONFIG_FILE, file.toString());
        context.addFilter(filter, "/secured/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ProbeServlet(seen)), "/");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        base = URI.create((options.tls ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort() + CONTEXT);
    }

    private Path writeConfig(Consumer<Map<String, Object>> configure) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", op.issuer().toString());
        config.put("client-id", op.clientId());
        config.put("client-secret", op.clientSecret());
        config.put("principal-claim", "preferred_username");
        config.put("offline-prompt-consent", false);
        config.put("bearer-paths", List.of("/secured/api/*"));
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("h2-file", dir.resolve("tokens").toString());
        store.put("encryption-key", encryptionKey);
        store.put("keep-alive", Map.of("enabled", false));
        config.put("store", store);
        configure.accept(config);
        Path file = dir.resolve("oidc.json");
        Files.writeString(file, JSONObjectUtils.toJSONString(config), StandardCharsets.UTF_8);
        return file;
    }

    private ServerConnector httpConnector(boolean forwarded) {
        HttpConfiguration http = new HttpConfiguration();
        if (forwarded) {
            http.addCustomizer(new ForwardedRequestCustomizer());
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    private ServerConnector httpsConnector(boolean forwarded) throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(SelfSignedKeystore.create(dir).toString());
        ssl.setKeyStorePassword(SelfSignedKeystore.PASSWORD);
        HttpConfiguration https = new HttpConfiguration();
        if (forwarded) {
            https.addCustomizer(new ForwardedRequestCustomizer());
        }
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    /** An absolute URL of the application, e.g. {@code url("/secured/page")}. */
    String url(String path) {
        return base + path;
    }

    URI base() {
        return base;
    }

    /** A fresh browser (no cookies), redirects followed, failing statuses returned as pages, any certificate. */
    WebClient browser() {
        WebClient browser = new WebClient(BrowserVersion.BEST_SUPPORTED);
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setPrintContentOnFailingStatusCode(false);
        browser.getOptions().setRedirectEnabled(true);
        browser.getOptions().setUseInsecureSSL(true);
        browser.getOptions().setTimeout(20_000);
        synchronized (browsers) {
            browsers.add(browser);
        }
        return browser;
    }

    /** The filter's offline-token API, as the application looks it up. */
    OfflineTokens tokens() {
        return OfflineAccess.tokens(context.getServletContext());
    }

    /** The JDBC URL of the store's default H2 file (shared with the running filter through H2's auto-server). */
    String h2Url() {
        return "jdbc:h2:file:" + dir.resolve("tokens").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    @Override
    public void close() throws IOException {
        synchronized (browsers) {
            browsers.forEach(WebClient::close);
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            op.close();
        }
    }
}
