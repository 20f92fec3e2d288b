package dev.offlineaccess.example.portal;

import dev.offlineaccess.example.portal.launcher.PortalLauncher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The built portal (the exploded WAR in {@code target/customer-portal}) on an embedded Jetty at a free loopback
 * port, with its own fresh data directory and development-mode encryption key. One per test class.
 */
final class RunningPortal implements AutoCloseable {
    private final Server server;
    private final URI base;

    private RunningPortal(Server server, URI base) {
        this.server = server;
        this.base = base;
    }

    static RunningPortal start() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "portal-data-");
        System.setProperty("PORTAL_DATA_DIR", dataDir.toAbsolutePath().toString());
        System.setProperty("OFFLINE_DEV_MODE", "true");
        Server server = PortalLauncher.start(Path.of("target/customer-portal"), "127.0.0.1", 0);
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        // localhost, not 127.0.0.1: the Keycloak cookies are Secure and HtmlUnit only sends those to localhost
        return new RunningPortal(server, URI.create("http://localhost:" + port + "/customer-portal/"));
    }

    /** The portal's base URL, ending in {@code /customer-portal/}. */
    URI base() {
        return base;
    }

    /** An absolute URL of a portal page, e.g. {@code url("admin/backups")}. */
    java.net.URL url(String relative) {
        try {
            return base.resolve(relative).toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException(relative, e);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
