package dev.offlineaccess.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs waves of calls on a fixed pool of threads. The calls of a wave are held at a gate until all are submitted,
 * so as many of them as there are threads really start together. Each wave is bounded in time. Use from one test
 * thread; close it at the end of the test.
 */
final class Hammer implements AutoCloseable {
    private static final Duration WAVE_LIMIT = Duration.ofSeconds(60);

    private final ExecutorService pool;

    Hammer(int threads) {
        this.pool = Executors.newFixedThreadPool(threads);
    }

    /** Runs the calls at once and waits for all of them. */
    Wave wave(List<Callable<String>> calls) throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (Callable<String> call : calls) {
            futures.add(pool.submit(() -> {
                gate.await();
                return call.call();
            }));
        }
        long start = System.nanoTime();
        gate.countDown();
        long deadline = start + WAVE_LIMIT.toNanos();
        List<String> values = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (Future<String> future : futures) {
            try {
                values.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                values.add(null);
                failures.add(e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("a wave of " + calls.size() + " calls did not end within " + WAVE_LIMIT, e);
            }
        }
        return new Wave(values, failures, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the hammer's threads did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What a wave did.
     *
     * @param values   each call's result in the order of the calls ({@code null} for a failed call)
     * @param failures what the failed calls threw
     * @param took     from the gate's opening to the last answer
     */
    record Wave(List<String> values, List<Throwable> failures, Duration took) {
        Set<String> distinct() {
            return new HashSet<>(values);
        }

        /** The failures as "Type: message" lines, for assertion messages (the service never puts tokens there). */
        List<String> failureSummary() {
            return failures.stream().map(f -> f.getClass().getSimpleName() + ": " + f.getMessage()).toList();
        }
    }
}
