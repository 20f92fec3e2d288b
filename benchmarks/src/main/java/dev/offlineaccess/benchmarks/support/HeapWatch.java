package dev.offlineaccess.benchmarks.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap a phase of work needed: the largest heap in use right after a garbage collection (the live data, plus
 * what survived young collections) and the peak of heap in use (which also counts garbage not yet collected, as much
 * as the collector lets pile up within {@code -Xmx}). {@link #reset()} starts a new phase. Thread-safe.
 */
public final class HeapWatch {
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong maxLive = new AtomicLong();
    private final AtomicLong liveSamples = new AtomicLong();

    public HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> isHeap(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                maxAfterGc.accumulateAndGet(used, Math::max);
                collections.incrementAndGet();
            }, null, null);
        }
    }

    private static boolean isHeap(String poolName) {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(p -> p.getName().equals(poolName) && p.getType() == MemoryType.HEAP);
    }

    /**
     * Until closed, forces a full collection every {@code every} and records the heap in use right after it: the
     * live set while the work runs (what it really holds), free of the garbage the other figures include. Costs a
     * full GC per period (tens of milliseconds on a heap this size).
     */
    public AutoCloseable sampleLiveSet(Duration every) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "live-set-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> {
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            maxLive.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
            liveSamples.incrementAndGet();
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return sampler::shutdownNow;
    }

    public void reset() {
        maxLive.set(0);
        liveSamples.set(0);
        maxAfterGc.set(0);
        collections.set(0);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since {@link #reset()} (an upper bound of the peak heap in use). */
    public long peakUsedBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(MemoryUsage::getUsed).sum();
    }

    public long maxAfterGcBytes() {
        return maxAfterGc.get();
    }

    public String summary() {
        String live = liveSamples.get() == 0 ? "" : String.format("; largest live set %.1f MB (%d full GCs while it"
                + " ran)", maxLive.get() / 1048576.0, liveSamples.get());
        return String.format("peak heap in use %.1f MB, largest heap after a GC %.1f MB (%d collections, -Xmx %.0f MB)%s",
                peakUsedBytes() / 1048576.0, maxAfterGcBytes() / 1048576.0, collections.get(),
                Runtime.getRuntime().maxMemory() / 1048576.0, live);
    }
}
