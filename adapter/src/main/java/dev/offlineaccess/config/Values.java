package dev.offlineaccess.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Syntax checks shared by the section readers. Each throws a {@link ConfigurationException} naming the key and
 * the fix. Only non-secret values (paths, URLs, enum values) are shown in messages. Stateless.
 */
final class Values {
    private Values() {
    }

    /** A context-relative path such as {@code /oidc/callback}: starts with one {@code /}, no query or fragment. */
    static String contextPath(String key, String value) {
        if (!value.startsWith("/") || value.startsWith("//")) {
            throw new ConfigurationException(key, "'" + value + "' is not a context-relative path",
                    "start it with a single '/', e.g. /oidc/callback");
        }
        for (char c : value.toCharArray()) {
            if (c == '?' || c == '#' || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new ConfigurationException(key, "'" + value + "' contains '" + c + "'",
                        "use a plain path such as /oidc/callback, without query, fragment, backslash or spaces");
            }
        }
        return value;
    }

    /** An absolute {@code http} or {@code https} URL with a host and no user info or fragment. */
    static URI httpUrl(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw notHttpUrl(key, value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw notHttpUrl(key, value);
        }
        return uri;
    }

    private static ConfigurationException notHttpUrl(String key, String value) {
        return new ConfigurationException(key, "'" + value + "' is not an absolute http(s) URL",
                "write a URL like https://login.example.com/realms/demo (scheme, host, path; no user info or"
                        + " fragment)");
    }

    /** {@code localhost}, {@code *.localhost}, {@code 127.x.x.x} or {@code ::1}. */
    static boolean isLoopback(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1");
    }

    /** One of the allowed lower-case values; upper case and {@code _} for {@code -} are tolerated. */
    static String oneOf(String key, String value, List<String> allowed) {
        String normalized = value.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!allowed.contains(normalized)) {
            throw new ConfigurationException(key, "'" + value + "' is not a valid value",
                    "use one of: " + String.join(", ", allowed));
        }
        return normalized;
    }

    /** A duration that must be above zero. */
    static Duration positive(String key, Duration value) {
        if (value.isZero()) {
            throw new ConfigurationException(key, "must be greater than zero", "give a positive duration; "
                    + Durations.FORMATS);
        }
        return value;
    }

    /** A duration no longer than {@code max}. */
    static Duration atMost(String key, Duration value, Duration max, String maxText) {
        if (value.compareTo(max) > 0) {
            throw new ConfigurationException(key, "is longer than " + maxText, "give at most " + maxText);
        }
        return value;
    }

    /** A required value. */
    static <T> T required(Optional<T> value, String key, String fix) {
        return value.orElseThrow(() -> new ConfigurationException(key, "is missing", fix));
    }
}
