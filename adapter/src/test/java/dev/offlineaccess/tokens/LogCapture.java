package dev.offlineaccess.tokens;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the {@code dev.offlineaccess} loggers write (System.Logger goes to java.util.logging by default),
 * formatted, with the thrown exception's messages. Close it to detach.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.offlineaccess");
    private final Level previous = logger.getLevel();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    LogCapture() {
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel() + " " + String.valueOf(record.getMessage()));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
