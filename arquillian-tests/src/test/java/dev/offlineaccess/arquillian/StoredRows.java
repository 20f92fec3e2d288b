package dev.offlineaccess.arquillian;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads, with plain JDBC, the rows the deployed portal wrote: the adapter's offline grant
 * ({@code OA_OFFLINE_GRANT}) and the portal's backup runs ({@code PORTAL_BACKUP_RUN}). The database is found the
 * way the portal finds it: {@code OFFLINE_DB_URL} (+ user, password) when set, otherwise the two H2 files under
 * {@code PORTAL_DATA_DIR}, opened through H2's auto-server while the portal holds them. Each read opens and closes
 * its own connection. Thread-safe.
 */
final class StoredRows {
    private final String grantsUrl;
    private final String backupsUrl;
    private final String user;
    private final String password;

    private StoredRows(String grantsUrl, String backupsUrl, String user, String password) {
        this.grantsUrl = grantsUrl;
        this.backupsUrl = backupsUrl;
        this.user = user;
        this.password = password;
    }

    /** The databases of the portal this test class deployed (from the system properties it runs with). */
    static StoredRows ofDeployedPortal() {
        String url = System.getProperty("OFFLINE_DB_URL");
        if (url != null && !url.isBlank()) {
            return new StoredRows(url, url, System.getProperty("OFFLINE_DB_USER"),
                    System.getProperty("OFFLINE_DB_PASSWORD"));
        }
        String dir = System.getProperty("PORTAL_DATA_DIR");
        if (dir == null) {
            throw new IllegalStateException("PORTAL_DATA_DIR is not set: register PortalEnvironment on the class");
        }
        Path data = Path.of(dir).toAbsolutePath();
        return new StoredRows(h2(data.resolve("offline-tokens")), h2(data.resolve("customer-portal")), "", "");
    }

    private static String h2(Path file) {
        // IFEXISTS: a read must never create an empty database the portal would then open
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE";
    }

    /** The stored offline grant of {@code principal}, if any. */
    Optional<GrantRow> grant(String principal) {
        String sql = "SELECT PRINCIPAL, STATUS, REVOKED_ERROR, REVOKED_REASON, REVOKED_AT, CREATED, LAST_REFRESHED,"
                + " LAST_USED, VERSION, REFRESH_TOKEN, REFRESH_KEY_ID, SCOPES"
                + " FROM OA_OFFLINE_GRANT WHERE PRINCIPAL = ?";
        return query(grantsUrl, sql, principal, rs -> new GrantRow(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), instant(rs, 5), instant(rs, 6), instant(rs, 7), instant(rs, 8),
                rs.getLong(9), rs.getString(10), rs.getString(11), rs.getString(12))).stream().findFirst();
    }

    /** The grant of {@code principal}; fails the test when there is none. */
    GrantRow requireGrant(String principal) {
        return grant(principal).orElseThrow(() -> new AssertionError("no stored grant for " + principal));
    }

    /** Whether the adapter recorded that the provider ended the session {@code sid} (back-channel logout). */
    boolean sessionEnded(String sid) {
        return !query(grantsUrl, "SELECT SID FROM OA_ENDED_SESSION WHERE SID = ?", sid, rs -> rs.getString(1))
                .isEmpty();
    }

    /** Every backup run of {@code user}, oldest first. */
    List<BackupRow> backups(String user) {
        String sql = "SELECT USER_NAME, FINISHED_AT, OUTCOME, REASON, CUSTOMERS_SAVED, SNAPSHOT FROM PORTAL_BACKUP_RUN"
                + " WHERE USER_NAME = ? ORDER BY FINISHED_AT";
        return query(backupsUrl, sql, user, rs -> new BackupRow(rs.getString(1), rs.getTimestamp(2).toInstant(),
                rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
    }

    /** The latest backup run of {@code user}; fails the test when there is none. */
    BackupRow latestBackup(String user) {
        List<BackupRow> runs = backups(user);
        if (runs.isEmpty()) {
            throw new AssertionError("no backup run stored for " + user);
        }
        return runs.get(runs.size() - 1);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private <T> List<T> query(String url, String sql, String parameter, RowReader<T> reader) {
        try (Connection connection = connect(url);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the portal's rows (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A connection through a driver of the test's own class path. Not {@code DriverManager}: it registered the
     * drivers it found first, which may be the WAR's copies, and refuses those to callers outside the WAR.
     */
    private Connection connect(String url) throws SQLException {
        Driver driver = url.startsWith("jdbc:h2:") ? new org.h2.Driver() : new org.postgresql.Driver();
        Properties properties = new Properties();
        properties.setProperty("user", user == null ? "" : user);
        properties.setProperty("password", password == null ? "" : password);
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("no driver accepts " + url);
        }
        return connection;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * A row of {@code OA_OFFLINE_GRANT}, as stored.
     *
     * @param sealedRefreshToken the stored (encrypted) refresh token, to prove it changed and is not in clear
     */
    record GrantRow(String principal, String status, String revokedError, String revokedReason, Instant revokedAt,
                    Instant created, Instant lastRefreshed, Instant lastUsed, long version,
                    String sealedRefreshToken, String keyId, String scopes) {
        boolean active() {
            return "ACTIVE".equals(status);
        }

        @Override
        public String toString() {
            return "GrantRow[" + principal + ", " + status + ", " + revokedError + ": " + revokedReason
                    + ", lastRefreshed=" + lastRefreshed + ", version=" + version + "]";
        }
    }

    /** A row of {@code PORTAL_BACKUP_RUN}. */
    record BackupRow(String user, Instant finishedAt, String outcome, String reason, int customersSaved,
                     String snapshot) {
        @Override
        public String toString() {
            return "BackupRow[" + user + " " + finishedAt + " " + outcome + " (" + reason + ") " + customersSaved
                    + "]";
        }
    }
}
