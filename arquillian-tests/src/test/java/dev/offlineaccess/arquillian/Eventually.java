package dev.offlineaccess.arquillian;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for something the portal does on its own schedule (the backup job's timer) by looking again every
 * 200 ms, up to a limit. It waits for an event to be observed, never for time itself to pass.
 */
final class Eventually {
    private static final Duration POLL = Duration.ofMillis(200);

    private Eventually() {
    }

    /** The first value {@code probe} offers within {@code limit}; fails the test with {@code what} otherwise. */
    static <T> T await(String what, Duration limit, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
