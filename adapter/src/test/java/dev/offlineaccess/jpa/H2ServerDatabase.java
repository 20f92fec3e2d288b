package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;
import org.h2.tools.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An H2 file database under {@code target/} served by an H2 TCP server that opens existing databases only. A test
 * takes it away by shutting the database down and moving its file aside (new connections then fail at once with
 * "database not found"; stopping the server instead would make every connect attempt of the H2 client retry for
 * two seconds), and brings it back by moving the file back.
 */
final class H2ServerDatabase implements RestartableDatabase {
    private static final String NAME = "grants";
    private final Path dir;
    private final int port;
    private final Server server;

    H2ServerDatabase() throws Exception {
        this.dir = Files.createDirectories(Path.of("target", "h2-tests", UUID.randomUUID().toString()))
                .toAbsolutePath();
        this.port = RestartableDatabase.freePort();
        DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(NAME)).close();
        server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString()).start();
    }

    private String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + NAME;
    }

    @Override
    public void start() throws IOException {
        Files.move(away(), file());
    }

    @Override
    public void stop() throws SQLException, IOException {
        execute("SHUTDOWN");
        Files.move(file(), away());
    }

    private Path file() {
        return dir.resolve(NAME + ".mv.db");
    }

    private Path away() {
        return dir.resolve(NAME + ".away");
    }

    @Override
    public StoreSettings settings() {
        return Grants.settings(url(), null, dir.resolve("unused"));
    }

    @Override
    public StoreSettings freshDatabase(String name) throws SQLException {
        DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(name)).close();
        return Grants.settings("jdbc:h2:tcp://127.0.0.1:" + port + "/" + name, null, dir.resolve("unused"));
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
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

    @Override
    public void close() throws IOException {
        server.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
