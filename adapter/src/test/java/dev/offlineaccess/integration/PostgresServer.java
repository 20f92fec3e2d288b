package dev.offlineaccess.integration;

import dev.offlineaccess.config.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from zonky's embedded binaries, started the way the {@code jpa} tests start theirs: a
 * fixed data directory and port, so that {@link #stop()} and {@link #start()} are a database restart the stores'
 * pooled connections do not survive. Each test class gets its own server (and may create one database per test).
 * Not thread-safe: start, stop and close from the test thread.
 */
final class PostgresServer implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    static PostgresServer launch() throws IOException {
        PostgresServer server = new PostgresServer(Files.createTempDirectory("offline-access-it-pg"), freePort());
        server.start();
        return server;
    }

    void start() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    void stop() throws IOException {
        postgres.close();
    }

    /** Creates an empty database and returns store settings pointing at it. */
    StoreSettings newDatabase(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Stores.settings("jdbc:postgresql://127.0.0.1:" + port + "/" + name, "postgres");
    }

    /**
     * Ends, from a second connection, every session of the database that sits inside an open transaction: what a
     * network cut or a failover does to the connection holding a row lock. Returns how many were ended.
     */
    int terminateSessionsInTransaction(String database) throws SQLException {
        String sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()";
        int ended = 0;
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                ended += r.getBoolean(1) ? 1 : 0;
            }
        }
        return ended;
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
