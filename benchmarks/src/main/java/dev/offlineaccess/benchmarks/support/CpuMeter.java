package dev.offlineaccess.benchmarks.support;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM, by the embedded PostgreSQL server and its backends (and any child process) and by the
 * Keycloak server, between two snapshots: what each side of a refresh costs in CPU, which decides the throughput
 * when all of them share the machine's cores.
 */
public final class CpuMeter {
    private CpuMeter() {
    }

    /** CPU seconds used so far by each party. */
    public record Snapshot(double jvm, double children, double keycloak) {
        /** CPU milliseconds per unit of work since {@code before}, as "JVM x + PostgreSQL y; Keycloak z". */
        public String perUnitSince(Snapshot before, int units) {
            double k = 1000.0 / Math.max(units, 1);
            return String.format("CPU per refresh: this JVM %.2f ms + PostgreSQL %.2f ms; Keycloak %.2f ms",
                    (jvm - before.jvm) * k, (children - before.children) * k, (keycloak - before.keycloak) * k);
        }
    }

    public static Snapshot snapshot() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double jvm = os.getProcessCpuTime() / 1e9;
        double children = postgres().mapToDouble(CpuMeter::seconds).sum();
        double keycloak = keycloak().mapToDouble(CpuMeter::seconds).sum();
        return new Snapshot(jvm, children, keycloak);
    }

    /**
     * The embedded PostgreSQL's processes (and any child of this JVM). zonky's pg_ctl detaches the server from this
     * JVM, so it is found by name: the postmaster runs from the extracted embedded-pg binaries, its backends rename
     * themselves "postgres: ...".
     */
    public static Stream<ProcessHandle> postgres() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("embedded-pg") || c.startsWith("postgres:")).orElse(false)
                || ProcessHandle.current().descendants().anyMatch(d -> d.pid() == p.pid()));
    }

    /** The Keycloak server's process (Quarkus). */
    public static Stream<ProcessHandle> keycloak() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("io.quarkus.bootstrap") || c.contains("keycloak-quarkus-dist")
                        || c.contains("quarkus-run.jar")).orElse(false));
    }

    private static double seconds(ProcessHandle process) {
        Optional<Duration> cpu = process.info().totalCpuDuration();
        return cpu.map(d -> d.toNanos() / 1e9).orElse(0.0);
    }
}
