package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** The default store database: an embedded H2 file under {@code target/}, opened as the store opens it. */
final class H2FileDatabase implements TestDatabase {
    private final Path dir;
    private final Path file;

    H2FileDatabase() throws IOException {
        this.dir = Files.createDirectories(Path.of("target", "h2-tests", UUID.randomUUID().toString()))
                .toAbsolutePath();
        this.file = dir.resolve("offline-grants");
    }

    @Override
    public StoreSettings settings() {
        return Grants.settings(null, null, file);
    }

    @Override
    public StoreSettings freshDatabase(String name) {
        return Grants.settings(null, null, dir.resolve(name));
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE");
    }

    @Override
    public String waitingSessionsSql() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
    }

    @Override
    public String abortOtherSessionsSql() {
        return "SELECT ABORT_SESSION(SESSION_ID) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()";
    }

    @Override
    public String tableName() {
        return "OA_OFFLINE_GRANT";
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
