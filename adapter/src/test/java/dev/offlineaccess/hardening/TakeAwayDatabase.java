package dev.offlineaccess.hardening;

import org.h2.tools.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An H2 database served over TCP that a test can take away and bring back, as a database server that goes down:
 * {@link #takeAway()} shuts the database down (open connections and transactions die) and moves its file aside, so
 * new connections fail at once with "database not found"; {@link #bringBack()} moves it back. Not thread-safe.
 */
final class TakeAwayDatabase implements AutoCloseable {
    private static final String NAME = "grants";
    private final Path dir;
    private final Server server;

    TakeAwayDatabase(Path parent) throws SQLException, IOException {
        this.dir = Files.createDirectories(parent.resolve("h2-server")).toAbsolutePath();
        DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(NAME)).close();
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString()).start();
    }

    /** The JDBC URL the adapter is configured with. */
    String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + NAME;
    }

    void takeAway() throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(url()); Statement statement =
                connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        Files.move(dir.resolve(NAME + ".mv.db"), dir.resolve(NAME + ".away"));
    }

    void bringBack() throws IOException {
        Files.move(dir.resolve(NAME + ".away"), dir.resolve(NAME + ".mv.db"));
    }

    @Override
    public void close() {
        server.stop();
    }
}
