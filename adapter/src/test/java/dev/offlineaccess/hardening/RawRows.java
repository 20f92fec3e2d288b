package dev.offlineaccess.hardening;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The adapter's tables as the database holds them, read with plain JDBC outside the store: every row of every
 * {@code OA_*} table as text (binary columns as UTF-8, Latin-1, hex and base64, so that a token stored in any of
 * these encodings would be found). Stateless.
 */
final class RawRows {
    private RawRows() {
    }

    /** Every row of every adapter table, one string per row. */
    static List<String> dump(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            List<String> rows = new ArrayList<>();
            for (String table : tables(connection)) {
                rows.addAll(rowsOf(connection, table));
            }
            return rows;
        }
    }

    /** How many rows the grant table holds. */
    static long grantRows(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM OA_OFFLINE_GRANT")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet tables = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME");
                if (name.toUpperCase(Locale.ROOT).startsWith("OA_")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static List<String> rowsOf(Connection connection, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                StringBuilder row = new StringBuilder(table).append(':');
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.append(' ').append(meta.getColumnName(column)).append('=');
                    Object value = result.getObject(column);
                    if (value instanceof byte[] bytes) {
                        row.append(new String(bytes, StandardCharsets.UTF_8)).append(" | ")
                                .append(new String(bytes, StandardCharsets.ISO_8859_1)).append(" | ")
                                .append(HexFormat.of().formatHex(bytes)).append(" | ")
                                .append(Base64.getEncoder().encodeToString(bytes));
                    } else {
                        row.append(value);
                    }
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
