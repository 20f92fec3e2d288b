package dev.offlineaccess.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where offline tokens are kept and how they are protected.
 *
 * @param jdbcUrl           JDBC URL of the token database; {@code null} means the embedded H2 file at {@code h2File}
 * @param user              database user, or {@code null}
 * @param password          database password, or {@code null}
 * @param h2File            the embedded H2 database file (without the {@code .mv.db} suffix)
 * @param keys              encryption keys, newest (the one that encrypts) first; may be empty only in
 *                          development mode
 * @param developmentMode   allow a generated key file instead of configured keys (never in production)
 * @param devKeyFile        where development mode keeps its generated key
 * @param keepAlive         refresh idle grants before the provider forgets them
 */
public record StoreSettings(String jdbcUrl, String user, Secret password, Path h2File,
                            List<EncryptionKeySetting> keys, boolean developmentMode, Path devKeyFile,
                            KeepAliveSettings keepAlive) {
    public StoreSettings {
        keys = List.copyOf(keys);
        Objects.requireNonNull(h2File, "h2File");
        Objects.requireNonNull(keepAlive, "keepAlive");
    }

    /**
     * One configured AES-256 key.
     *
     * @param id  short, stable id stored with every row the key encrypted
     * @param key base64 of 32 random bytes
     */
    public record EncryptionKeySetting(String id, Secret key) {
        public EncryptionKeySetting {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The keep-alive scheduler.
     *
     * @param enabled     whether the scheduler runs
     * @param idleTimeout the provider's offline-session idle timeout (Keycloak: 30 days)
     * @param fraction    refresh a grant once it has been idle this fraction of {@code idleTimeout} (default 2/3)
     * @param interval    how often the scheduler looks for idle grants
     * @param concurrency how many refresh requests a run keeps in flight at the provider (at least 1); the run
     *                    overlaps its database work with them, so the provider stays busy with exactly this many
     */
    public record KeepAliveSettings(boolean enabled, Duration idleTimeout, double fraction, Duration interval,
                                    int concurrency) {
        /** Refresh requests in flight at the provider during a run, unless configured otherwise. */
        public static final int DEFAULT_CONCURRENCY = 1;
        /** The largest concurrency accepted: more would hold that many database connections at once. */
        public static final int MAX_CONCURRENCY = 8;

        public KeepAliveSettings {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(interval, "interval");
            if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("the keep-alive concurrency must be between 1 and "
                        + MAX_CONCURRENCY);
            }
        }

        /** With the {@link #DEFAULT_CONCURRENCY}. */
        public KeepAliveSettings(boolean enabled, Duration idleTimeout, double fraction, Duration interval) {
            this(enabled, idleTimeout, fraction, interval, DEFAULT_CONCURRENCY);
        }

        /** A grant idle longer than this gets refreshed. */
        public Duration refreshAfter() {
            return Duration.ofMillis((long) (idleTimeout.toMillis() * fraction));
        }
    }
}
