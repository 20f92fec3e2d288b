package dev.offlineaccess.benchmarks.support;

import java.util.Arrays;

/**
 * Durations of single calls, in nanoseconds, and their percentiles. Not thread-safe: one recorder per thread, then
 * {@link #merge}. Grows as needed; a benchmark records at most a few million samples.
 */
public final class Latencies {
    private long[] samples = new long[1024];
    private int size;

    public void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    public void merge(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            record(other.samples[i]);
        }
    }

    public int count() {
        return size;
    }

    /** The percentile ({@code 0 < p <= 100}) by nearest rank, in nanoseconds. */
    public long percentile(double p) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    public double meanNanos() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += samples[i];
        }
        return size == 0 ? 0 : (double) sum / size;
    }

    public long max() {
        return percentile(100);
    }

    /** {@code mean, p50, p90, p99, max} in milliseconds with three decimals. */
    public String summaryMillis() {
        return String.format("n=%d mean=%.3f ms p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms", size,
                meanNanos() / 1e6, percentile(50) / 1e6, percentile(90) / 1e6, percentile(99) / 1e6, max() / 1e6);
    }

    /** {@code mean, p50, p90, p99, max} in microseconds with one decimal. */
    public String summaryMicros() {
        return String.format("n=%d mean=%.1f us p50=%.1f us p90=%.1f us p99=%.1f us max=%.1f us", size,
                meanNanos() / 1e3, percentile(50) / 1e3, percentile(90) / 1e3, percentile(99) / 1e3, max() / 1e3);
    }
}
