package dev.offlineaccess.arquillian;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL (zonky's embedded binaries, loopback only, its own temporary data directory) for one test
 * class, named to everything the class deploys through system properties: {@code OFFLINE_DB_URL},
 * {@code OFFLINE_DB_USER} and {@code OFFLINE_DB_PASSWORD} (the portal's tables and the adapter's offline grants and
 * ended sessions), and {@link SharedSessionStore}'s properties (Jetty's HTTP sessions). Every portal node of the
 * class thus shares one database, as a cluster does.
 *
 * <p>Register it after {@link PortalEnvironment} and before {@code ArquillianExtension}; the server stops, and its
 * data directory is deleted, after Arquillian has undeployed.
 */
public final class SharedPostgres implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SharedPostgres.class);
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put(EmbeddedPostgres.class, postgres);
        store.put(SystemProperties.class, SystemProperties.set(Map.of(
                "OFFLINE_DB_URL", url,
                "OFFLINE_DB_USER", USER,
                "OFFLINE_DB_PASSWORD", PASSWORD,
                SharedSessionStore.URL_PROPERTY, url,
                SharedSessionStore.USER_PROPERTY, USER,
                SharedSessionStore.PASSWORD_PROPERTY, PASSWORD)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        SystemProperties previous = store.remove(SystemProperties.class, SystemProperties.class);
        EmbeddedPostgres postgres = store.remove(EmbeddedPostgres.class, EmbeddedPostgres.class);
        try {
            if (previous != null) {
                previous.restore();
            }
        } finally {
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("stopping the embedded PostgreSQL failed", e);
                }
            }
        }
    }
}
