package dev.offlineaccess.benchmarks.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock plus an offset the benchmark moves forward between calls, e.g. past every token's expiry so
 * the next call must refresh. Thread-safe.
 */
public final class SteppingClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();

    public void advance(Duration step) {
        offsetMillis.addAndGet(step.toMillis());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusMillis(offsetMillis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
