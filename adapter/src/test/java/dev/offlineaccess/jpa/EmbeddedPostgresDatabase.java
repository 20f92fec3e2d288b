package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (zonky's embedded binaries) for one test class. Its data directory and port are fixed,
 * so {@link #stop()} and {@link #start()} act like a database restart that the store's connections do not survive.
 */
final class EmbeddedPostgresDatabase implements RestartableDatabase {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresDatabase(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    static EmbeddedPostgresDatabase launch() throws IOException {
        EmbeddedPostgresDatabase database = new EmbeddedPostgresDatabase(
                Files.createTempDirectory("offline-access-pg"), RestartableDatabase.freePort());
        database.startServer();
        return database;
    }

    private void startServer() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    @Override
    public void start() throws IOException {
        startServer();
    }

    @Override
    public void stop() throws IOException {
        postgres.close();
    }

    @Override
    public StoreSettings settings() {
        return Grants.settings("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                Path.of("target", "unused"));
    }

    @Override
    public StoreSettings freshDatabase(String name) throws SQLException {
        execute("CREATE DATABASE " + name);
        return Grants.settings("jdbc:postgresql://127.0.0.1:" + port + "/" + name, "postgres",
                Path.of("target", "unused"));
    }

    @Override
    public Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    public String waitingSessionsSql() {
        return "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
    }

    @Override
    public String abortOtherSessionsSql() {
        return "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()";
    }

    @Override
    public String tableName() {
        return "oa_offline_grant";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
