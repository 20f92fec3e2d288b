package dev.offlineaccess.benchmarks.http;

import dev.offlineaccess.benchmarks.support.Settings;
import dev.offlineaccess.servlet.OidcFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import org.pac4j.core.config.Config;
import org.pac4j.jee.filter.CallbackFilter;
import org.pac4j.jee.filter.SecurityFilter;
import org.pac4j.oidc.client.OidcClient;
import org.pac4j.oidc.config.OidcConfiguration;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/**
 * One Jetty 12 (ee10) on a loopback port serving the same {@link SecuredPage} at {@code /secured/page} in three
 * web applications: {@code /plain} without any filter, {@code /ours} behind {@link OidcFilter}, {@code /pac4j}
 * behind pac4j's {@code SecurityFilter} with an {@code OidcClient} (callback {@code /pac4j/callback}). Both
 * filters use the same provider and client. Each application also has {@code /secured/footprint}
 * ({@link SessionFootprintServlet}). Default session handling (in memory) everywhere.
 */
public final class BenchServer implements AutoCloseable {
    public static final String PAGE = "/secured/page";
    public static final String FOOTPRINT = "/secured/footprint";

    private final Server server;
    private final URI base;

    /**
     * @param host     the host name of the application's URLs ({@code localhost} with Keycloak, whose cookies are
     *                 Secure; {@code 127.0.0.1} otherwise)
     * @param issuer   the provider
     * @param clientId the client both filters use
     * @param secret   its secret
     * @param scope    the scopes pac4j asks for (ours asks for {@code openid profile email} by default)
     * @param dir      where our filter's configuration and H2 token store go
     */
    public BenchServer(String host, String issuer, String clientId, String secret, String scope, Path dir)
            throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open();
        base = URI.create("http://" + host + ":" + connector.getLocalPort());

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(context("/plain", null, null));
        Path config = Settings.write(Settings.config(issuer, clientId, secret,
                Settings.store(dir.resolve("tokens"), null, null)), dir.resolve("oidc.json"));
        FilterHolder ours = new FilterHolder(new OidcFilter());
        ours.setName("oidc");
        ours.setInitParameter(OidcFilter.CONFIG_FILE, config.toString());
        contexts.addHandler(context("/ours", ours, null));
        contexts.addHandler(pac4j(issuer, clientId, secret, scope));
        server.setHandler(contexts);
        server.start();
    }

    private ServletContextHandler pac4j(String issuer, String clientId, String secret, String scope) {
        OidcConfiguration oidc = new OidcConfiguration();
        oidc.setClientId(clientId);
        oidc.setSecret(secret);
        oidc.setDiscoveryURI(issuer + "/.well-known/openid-configuration");
        oidc.setScope(scope);
        oidc.setUseNonce(true);
        oidc.setClientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        OidcClient client = new OidcClient(oidc);
        client.setName("oidc");
        Config config = new Config(base + "/pac4j/callback", client);
        FilterHolder security = new FilterHolder(new SecurityFilter(config, "oidc"));
        security.setName("pac4jSecurity");
        FilterHolder callback = new FilterHolder(new CallbackFilter(config, base + "/pac4j" + PAGE));
        callback.setName("pac4jCallback");
        return context("/pac4j", security, Map.of("/callback", callback));
    }

    private static ServletContextHandler context(String path, FilterHolder security, Map<String, FilterHolder> extra) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(path);
        if (extra != null) {
            extra.forEach((pattern, holder) -> context.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST)));
        }
        if (security != null) {
            context.addFilter(security, "/secured/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new SecuredPage()), PAGE);
        context.addServlet(new ServletHolder(new SessionFootprintServlet()), FOOTPRINT);
        return context;
    }

    /** e.g. {@code http://127.0.0.1:41234} */
    public URI base() {
        return base;
    }

    /** The page of a variant: {@code plain}, {@code ours} or {@code pac4j}. */
    public URI page(String variant) {
        return URI.create(base + "/" + variant + PAGE);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
