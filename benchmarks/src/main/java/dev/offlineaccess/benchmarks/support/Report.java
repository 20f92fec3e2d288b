package dev.offlineaccess.benchmarks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where a benchmark writes its results: lines printed to standard output and appended to the file named by the
 * system property {@code bench.report} (default {@code benchmarks/target/results/report.md}). Never write a token
 * here. Thread-safe.
 */
public final class Report {
    private static final Path FILE = Path.of(System.getProperty("bench.report",
            "benchmarks/target/results/report.md"));

    private Report() {
    }

    /** Starts a section: a heading with the time and the load average. */
    public static synchronized void section(String title) {
        line("");
        line("### " + title);
        line("");
        line("started " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", load average " + Machine.loadAverage());
        line("");
    }

    public static synchronized void line(String text) {
        System.out.println(text);
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Files.writeString(FILE, text + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void line(String format, Object... args) {
        line(String.format(format, args));
    }
}
