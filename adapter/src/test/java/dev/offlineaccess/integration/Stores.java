package dev.offlineaccess.integration;

import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.config.StoreSettings.EncryptionKeySetting;
import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;
import dev.offlineaccess.tokens.TokenCipher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Store settings and keys for the integration tests. Stateless. */
final class Stores {
    /** The keep-alive settings of the tests: off unless a test runs it by hand; refresh after 20 of 30 days. */
    static final KeepAliveSettings KEEP_ALIVE = new KeepAliveSettings(false, Duration.ofDays(30), 2.0 / 3,
            Duration.ofHours(1));

    private Stores() {
    }

    /** Settings for a database at a JDBC URL. */
    static StoreSettings settings(String jdbcUrl, String user) {
        return new StoreSettings(jdbcUrl, user, null, Path.of("target", "unused"), List.of(), true,
                Path.of("target", "unused.key"), KEEP_ALIVE);
    }

    /** Settings for the default store: an embedded H2 file (AUTO_SERVER) in a new directory under target/. */
    static StoreSettings h2File(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "it-h2", UUID.randomUUID().toString()));
        return new StoreSettings(null, null, null, dir.resolve(name), List.of(), true, dir.resolve("dev.key"),
                KEEP_ALIVE);
    }

    /** A plain JDBC connection to the database the settings name, beside the stores (H2: through its auto server). */
    static Connection connect(StoreSettings settings) throws SQLException {
        if (settings.jdbcUrl() != null) {
            return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), "");
        }
        return DriverManager.getConnection("jdbc:h2:file:" + settings.h2File().toAbsolutePath() + ";AUTO_SERVER=TRUE");
    }

    /** A key ring with one new key; give the same ring to every node of one test, as a cluster's config would. */
    static TokenCipher cipher() {
        return TokenCipher.of(List.of(new EncryptionKeySetting("it-1", new Secret(TokenCipher.generateKey()))));
    }
}
