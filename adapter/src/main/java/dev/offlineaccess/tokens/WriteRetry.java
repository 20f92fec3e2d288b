package dev.offlineaccess.tokens;

import java.time.Duration;
import java.util.Objects;

/**
 * How often, and how patiently, a rotated refresh token whose write failed is written again before the caller
 * gets {@link TokenStoreUnavailableException}: {@code attempts} tries, waiting {@code firstBackoff} before the
 * first and doubling up to {@code maxBackoff}. The default (5 tries, 0.5 s doubling to 3 s) spans about 10 s.
 *
 * @param attempts     how many writes to try after the failed one, at least 1
 * @param firstBackoff the wait before the first retry
 * @param maxBackoff   the longest wait between two retries
 */
public record WriteRetry(int attempts, Duration firstBackoff, Duration maxBackoff) {
    /** 5 tries over about 10 seconds. */
    public static final WriteRetry DEFAULT = new WriteRetry(5, Duration.ofMillis(500), Duration.ofSeconds(3));

    public WriteRetry {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (attempts < 1 || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("need attempts >= 1 and 0 <= firstBackoff <= maxBackoff");
        }
    }

    /** The wait before retry number {@code retry} (1-based). */
    public Duration backoff(int retry) {
        Duration wait = firstBackoff;
        for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
