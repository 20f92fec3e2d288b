package dev.offlineaccess.benchmarks.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pins processes to cores with {@code taskset -a} (every thread; threads and processes started later inherit the
 * affinity) and gives them every core back when closed. Used to measure Keycloak's ceiling and a job against it
 * with Keycloak on a core of its own, as it would be on its own host, instead of sharing both cores with the job.
 */
public final class CorePinning implements AutoCloseable {
    private final List<Long> pinned = new ArrayList<>();

    /** Pins each of {@code pids} to the cores {@code cpuList} (e.g. {@code "0"}). */
    public CorePinning pin(List<Long> pids, String cpuList) throws IOException, InterruptedException {
        for (long pid : pids) {
            taskset(cpuList, pid);
            pinned.add(pid);
        }
        return this;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // not availableProcessors(): a pinned JVM sees only its own core
        String all = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
        for (long pid : pinned) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                taskset(all, pid);
            }
        }
        pinned.clear();
    }

    private static void taskset(String cpuList, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-a", "-cp", cpuList, Long.toString(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("taskset -a -cp " + cpuList + " " + pid + " failed");
        }
    }
}
