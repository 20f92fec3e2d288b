package dev.offlineaccess.logout;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the back-channel logout endpoint.
 *
 * @param retention     how long endings are kept in the registry: must exceed the longest lifetime of a web session
 *                      (a session older than this would no longer be refused); default {@link #DEFAULT_RETENTION}
 * @param purgeInterval at most how often a successful logout also purges endings older than the retention (and
 *                      expired {@code jti} marks); default {@link #DEFAULT_PURGE_INTERVAL}
 */
public record BackchannelLogoutOptions(Duration retention, Duration purgeInterval) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofHours(1);

    public BackchannelLogoutOptions {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        if (retention.isNegative() || retention.isZero() || purgeInterval.isNegative()) {
            throw new IllegalArgumentException("retention must be positive and purgeInterval not negative");
        }
    }

    public static BackchannelLogoutOptions defaults() {
        return new BackchannelLogoutOptions(DEFAULT_RETENTION, DEFAULT_PURGE_INTERVAL);
    }
}
