package dev.offlineaccess.tokens;

import java.time.Duration;

/**
 * Waits between retries. Injected so tests need not really wait; {@link #SYSTEM} uses {@link Thread#sleep}.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps with {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    /** Waits for about {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
