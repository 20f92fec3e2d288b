package dev.offlineaccess.jpa;

import dev.offlineaccess.config.ConfigurationException;
import dev.offlineaccess.config.StoreSettings;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Which database the store talks to and how: the JDBC URL (for the embedded H2 file, with the lock timeout in it),
 * the driver, and the kind of database, which decides how a lock timeout is set. Only H2 and PostgreSQL are
 * supported: the schema, the row lock and the timeouts are proven on those two.
 *
 * @param kind        H2 or PostgreSQL
 * @param url         the JDBC URL handed to the driver
 * @param lockTimeout how long a row lock is waited for
 */
record StoreDatabase(Kind kind, String url, Duration lockTimeout) {

    /** The supported databases. */
    enum Kind {
        H2("org.h2.Driver"),
        POSTGRESQL("org.postgresql.Driver");

        private final String driver;

        Kind(String driver) {
            this.driver = driver;
        }

        String driver() {
            return driver;
        }
    }

    StoreDatabase {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
    }

    /**
     * The database the settings name: their {@code jdbcUrl}, else the embedded H2 file, opened with
     * {@code AUTO_SERVER=TRUE} so that several JVMs on this machine can share it.
     *
     * @throws ConfigurationException the URL names an unsupported database, or the H2 path cannot be put in a URL
     */
    static StoreDatabase of(StoreSettings settings, Duration lockTimeout) {
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("the lock timeout must be positive");
        }
        String jdbcUrl = settings.jdbcUrl();
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return new StoreDatabase(Kind.H2, h2FileUrl(settings, lockTimeout), lockTimeout);
        }
        String lower = jdbcUrl.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return new StoreDatabase(Kind.POSTGRESQL, jdbcUrl.trim(), lockTimeout);
        }
        if (lower.startsWith("jdbc:h2:")) {
            String url = lower.contains(";lock_timeout=") ? jdbcUrl.trim()
                    : jdbcUrl.trim() + ";LOCK_TIMEOUT=" + lockTimeout.toMillis();
            return new StoreDatabase(Kind.H2, url, lockTimeout);
        }
        throw new ConfigurationException("store.jdbc-url", "the token store supports only H2 and PostgreSQL",
                "use a jdbc:postgresql:// URL (store.jdbc-url or OFFLINE_DB_URL), or set neither for the embedded H2 file");
    }

    private static String h2FileUrl(StoreSettings settings, Duration lockTimeout) {
        String path = settings.h2File().toAbsolutePath().normalize().toString();
        if (path.contains(";")) {
            throw new ConfigurationException("store.h2-file", "the path contains ';', which an H2 URL cannot hold",
                    "choose a path without ';'");
        }
        return "jdbc:h2:file:" + path + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=" + lockTimeout.toMillis();
    }

    String driver() {
        return kind.driver();
    }
}
