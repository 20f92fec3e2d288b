package dev.offlineaccess.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration written as ISO-8601 ({@code PT30S}, {@code P30D}), as a number of seconds ({@code 30},
 * {@code 1.5}), or as a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 30d}.
 * Stateless.
 */
final class Durations {
    static final String FORMATS = "write ISO-8601 (PT30S), plain seconds (30) or a number with a unit: 500ms, 30s,"
            + " 5m, 1h, 30d";
    private static final Pattern WITH_UNIT = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * Parses and checks that the result is not negative.
     *
     * @param key   the configuration key, for error messages
     * @param value a JSON number or a string
     * @throws ConfigurationException when the value is not a duration or is negative
     */
    static Duration parse(String key, Object value) {
        Duration duration = value instanceof Number number ? seconds(key, new BigDecimal(number.toString()))
                : parseText(key, value.toString().trim());
        if (duration.isNegative()) {
            throw new ConfigurationException(key, "must not be negative, got '" + value + "'",
                    "give a positive duration; " + FORMATS);
        }
        return duration;
    }

    private static Duration parseText(String key, String text) {
        if (text.startsWith("P") || text.startsWith("-P") || text.startsWith("p") || text.startsWith("-p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notADuration(key, text);
            }
        }
        Matcher m = WITH_UNIT.matcher(text);
        if (!m.matches()) {
            throw notADuration(key, text);
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> seconds(key, amount.movePointLeft(3));
            case "m" -> seconds(key, amount.multiply(BigDecimal.valueOf(60)));
            case "h" -> seconds(key, amount.multiply(BigDecimal.valueOf(3600)));
            case "d" -> seconds(key, amount.multiply(BigDecimal.valueOf(86400)));
            default -> seconds(key, amount);
        };
    }

    private static Duration seconds(String key, BigDecimal seconds) {
        try {
            return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
        } catch (ArithmeticException e) {
            throw new ConfigurationException(key, "is not a whole number of milliseconds or is too large",
                    "give at most millisecond precision; " + FORMATS);
        }
    }

    private static ConfigurationException notADuration(String key, String text) {
        return new ConfigurationException(key, "'" + text + "' is not a duration", FORMATS);
    }
}
