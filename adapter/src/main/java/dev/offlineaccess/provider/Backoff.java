package dev.offlineaccess.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Exponential backoff after failures: the first retry is allowed {@code initial} after a failure, each further
 * failure doubles the wait up to {@code max}; a success resets it. Not thread-safe: callers hold their own lock.
 */
final class Backoff {
    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private Duration current;
    private Instant nextAttempt = Instant.MIN;
    private int failures;

    Backoff(Clock clock, Duration initial, Duration max) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.initial = initial;
        this.max = max;
        this.current = initial;
    }

    /** Whether an attempt is allowed now. */
    boolean mayTry() {
        return !clock.instant().isBefore(nextAttempt);
    }

    void failed() {
        failures++;
        nextAttempt = clock.instant().plus(current);
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
    }

    void succeeded() {
        failures = 0;
        current = initial;
        nextAttempt = Instant.MIN;
    }

    Instant nextAttempt() {
        return nextAttempt;
    }

    int failures() {
        return failures;
    }
}
