package dev.offlineaccess.example.portal.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.DefaultHandler;

/**
 * Runs the customer portal WAR on an embedded Jetty 12 (ee10) at {@code http://localhost:PORT/customer-portal}.
 *
 * <p>Arguments: the WAR file or exploded WAR directory (default {@code target/customer-portal}). Environment:
 * {@code PORT} (default 8080), {@code HOST} (default {@code 127.0.0.1}), plus whatever the WAR reads
 * ({@code OIDC_ISSUER}, {@code OFFLINE_DB_URL}, ...). Jetty is not inside the WAR: this class is excluded from it
 * and runs with Jetty on its class path.
 */
public final class PortalLauncher {
    private PortalLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(args.length > 0 ? args[0] : "target/customer-portal").toAbsolutePath();
        if (!Files.exists(war)) {
            System.err.println("No WAR at " + war + ": build it first with `mvn -pl example-customer-portal -am package`");
            System.exit(2);
        }
        int port = Integer.parseInt(env("PORT", "8080"));
        Server server = start(war, env("HOST", "127.0.0.1"), port);
        System.out.println("Customer portal: http://localhost:" + port + "/customer-portal/");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("Stopping Jetty failed: " + e);
            }
        }, "portal-shutdown"));
        server.join();
    }

    /** Starts Jetty with the portal at {@code /customer-portal}; the caller stops it. */
    public static Server start(Path war, String host, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext portal = new WebAppContext();
        portal.setContextPath("/customer-portal");
        portal.setWar(war.toString());
        portal.setThrowUnavailableOnStartupException(true);

        server.setHandler(new ContextHandlerCollection(portal));
        server.setDefaultHandler(new DefaultHandler());
        server.setStopAtShutdown(false);
        server.start();
        return server;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
