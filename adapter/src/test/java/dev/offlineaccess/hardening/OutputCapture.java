package dev.offlineaccess.hardening;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything the JVM writes while open: every {@code java.util.logging} record at every level (the root logger and
 * every logger with an own level set to {@code ALL}; {@link System.Logger} goes to it by default, and EclipseLink is
 * configured to use it), formatted with its parameters and the messages of its exception chain, plus every line of
 * {@code System.out} and {@code System.err} (slf4j-simple, used by Jetty, prints there). {@link #close()} restores
 * levels and streams.
 *
 * <p>A line carries its source: the logger name for log records, {@code stdout}/{@code stderr} for the streams.
 * Lines of the test's own infrastructure (the browser, the fake provider's server) are kept apart by
 * {@link #ofTheApplication()}, which is what the leak checks read. Thread-safe.
 */
final class OutputCapture implements AutoCloseable {
    /** Loggers of test-side code: the HtmlUnit browser and its HTTP client, the fake provider and its JDK server. */
    private static final List<String> TEST_SIDE = List.of("org.htmlunit", "org.apache.hc", "org.apache.http",
            "com.sun.net.httpserver", "dev.offlineaccess.testing", "jdk.internal.httpclient", "jdk.httpclient");

    /**
     * One captured line.
     *
     * @param channel {@code jul}, {@code stdout} or {@code stderr}
     * @param logger  the logger that wrote it ({@code ""} when unknown)
     * @param level   its level ({@code ""} when unknown)
     * @param text    the formatted message with its exception chain
     */
    record Line(String channel, String logger, String level, String text) {
        boolean testSide() {
            return TEST_SIDE.stream().anyMatch(logger::startsWith);
        }

        @Override
        public String toString() {
            return channel + " " + logger + " " + level + " " + text;
        }
    }

    private final List<Line> lines = Collections.synchronizedList(new ArrayList<>());
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final Map<Logger, Level> changed = new HashMap<>();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(formatted(record));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                text.append(" | ").append(t);
            }
            lines.add(new Line("jul", String.valueOf(record.getLoggerName()), record.getLevel().getName(),
                    text.toString()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    OutputCapture() {
        handler.setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(handler);
        for (String name : Collections.list(LogManager.getLogManager().getLoggerNames())) {
            Logger logger = LogManager.getLogManager().getLogger(name);
            if (logger != null && logger != root && logger.getLevel() != null) {
                changed.put(logger, logger.getLevel());
                logger.setLevel(Level.ALL);
            }
        }
        System.setOut(new PrintStream(new Tee(out, "stdout"), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, "stderr"), true, StandardCharsets.UTF_8));
    }

    private static String formatted(LogRecord record) {
        String message = String.valueOf(record.getMessage());
        Object[] parameters = record.getParameters();
        if (parameters == null || parameters.length == 0) {
            return message;
        }
        StringBuilder text = new StringBuilder(message);
        try {
            text.append(" => ").append(java.text.MessageFormat.format(message, parameters));
        } catch (IllegalArgumentException notAPattern) {
            // not a MessageFormat pattern: the parameters follow as they are
        }
        for (Object parameter : parameters) {
            text.append(" | ").append(parameter);
        }
        return text.toString();
    }

    /** Every line so far. */
    List<Line> all() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines the application under test wrote (the adapter, Jetty, the JDK, the database), not the test's. */
    List<String> ofTheApplication() {
        return all().stream().filter(line -> !line.testSide()).map(Line::toString).toList();
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        root.removeHandler(handler);
        root.setLevel(rootLevel);
        changed.forEach(Logger::setLevel);
    }

    /** Copies to the original stream and collects lines. */
    private final class Tee extends OutputStream {
        private final PrintStream target;
        private final String source;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(PrintStream target, String source) {
            this.target = target;
            this.source = source;
        }

        @Override
        public synchronized void write(int b) {
            target.write(b);
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            lines.add(new Line(source, slf4jLogger(text), "", text));
        }

        /** slf4j-simple writes {@code [thread] LEVEL logger - message}: the logger, or "" for other lines. */
        private String slf4jLogger(String text) {
            int close = text.indexOf("] ");
            if (!text.startsWith("[") || close < 0) {
                return "";
            }
            String[] parts = text.substring(close + 2).split(" ", 3);
            return parts.length >= 2 ? parts[1] : "";
        }
    }
}
