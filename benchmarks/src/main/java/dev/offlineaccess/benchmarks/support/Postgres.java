package dev.offlineaccess.benchmarks.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (zonky's embedded binaries, the version the adapter's tests use) on a loopback port, with its
 * data in a temporary directory that {@link #close()} deletes.
 */
public final class Postgres implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final Path dataDir;

    private Postgres(EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static Postgres start() throws IOException {
        Path dir = Files.createTempDirectory("bench-pg");
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "100").start();
        return new Postgres(server, dir);
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (!Files.exists(dataDir)) {
            return;   // zonky removed it (clean data directory)
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
