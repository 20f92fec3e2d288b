package dev.offlineaccess.benchmarks.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the machine is doing: the load average, read from {@code /proc/loadavg}. */
public final class Machine {
    private Machine() {
    }

    /** The 1-, 5- and 15-minute load averages as {@code /proc/loadavg} shows them, e.g. {@code 0.42 0.61 0.70}. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }
}
