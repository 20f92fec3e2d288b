package dev.offlineaccess.hardening;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Values that must never appear in a log line, page, exception message or {@code toString()}: tokens, codes, PKCE
 * verifiers, states, nonces, the client secret and the encryption key. Also knows the shape of a JWT, so that a
 * token the suite never got to see is still caught. Thread-safe.
 */
final class SecretValues {
    /** Three base64url parts starting with a JSON object's encoding: an access, ID or refresh token. */
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    /** Shorter values are not specific enough to search for (a 6-letter value may occur by chance). */
    private static final int MIN_LENGTH = 12;

    private final Set<String> values = ConcurrentHashMap.newKeySet();

    /** Remembers a value ({@code null} and short values are ignored). */
    void add(String value) {
        if (value != null && value.length() >= MIN_LENGTH) {
            values.add(value);
        }
    }

    void addAll(Collection<String> more) {
        more.forEach(this::add);
    }

    int size() {
        return values.size();
    }

    /** The first secret (or JWT-shaped text) found in {@code text}, described without printing it. */
    Optional<String> findIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (String value : values) {
            if (text.contains(value)) {
                return Optional.of("a known secret of " + value.length() + " chars starting '"
                        + value.substring(0, 4) + "...'");
            }
        }
        if (JWT.matcher(text).find()) {
            return Optional.of("a JWT-shaped value");
        }
        return Optional.empty();
    }

    /** Every line of {@code lines} that leaks, described (never printed whole). */
    List<String> leaks(Collection<String> lines) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            findIn(line).ifPresent(what -> found.add(what + " in: " + mask(line)));
        }
        return found;
    }

    /** The line with every known value and every JWT replaced by {@code ****}, so a failure message is safe. */
    String mask(String line) {
        String masked = line;
        for (String value : values) {
            masked = masked.replace(value, "****");
        }
        masked = JWT.matcher(masked).replaceAll("****");
        return masked.length() > 300 ? masked.substring(0, 300) + "..." : masked;
    }
}
