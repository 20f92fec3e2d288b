package dev.offlineaccess.login;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where the browser goes after signing in: the URL it asked for, as a path on this origin, minus the sign-in
 * parameters. Never taken from a parameter, so it cannot point to another host.
 */
final class ReturnPath {
    private ReturnPath() {
    }

    /**
     * The return path for a request.
     *
     * @param requestUri the request's path as sent, still percent-encoded, context path included
     * @param rawQuery   the request's query string as sent, or {@code null}
     * @param fallback   the path to use when {@code requestUri} is unusable, e.g. the context root
     * @return a path starting with exactly one {@code /}
     */
    static String of(String requestUri, String rawQuery, String fallback) {
        String path = "/" + stripLeadingSlashes(requestUri == null ? "" : requestUri);
        if (!isLocal(path)) {
            path = fallback;
        }
        String query = withoutLoginParameters(rawQuery);
        String result = query.isEmpty() ? path : path + "?" + query;
        return isLocal(result) ? result : fallback;
    }

    /**
     * Whether {@code path} can only mean a resource on this origin: it starts with one {@code /} (not
     * {@code //} or {@code /\}, which browsers read as another host) and holds no whitespace or control characters.
     */
    static boolean isLocal(String path) {
        return path != null && path.startsWith("/")
                && !(path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\'))
                && path.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private static String stripLeadingSlashes(String uri) {
        int i = 0;
        while (i < uri.length() && (uri.charAt(i) == '/' || uri.charAt(i) == '\\')) {
            i++;
        }
        return uri.substring(i);
    }

    private static String withoutLoginParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&"))
                .filter(pair -> !pair.isEmpty())
                .filter(pair -> !LoginParameters.NAMES.contains(name(pair)))
                .collect(Collectors.joining("&"));
    }

    private static String name(String pair) {
        int eq = pair.indexOf('=');
        String raw = eq < 0 ? pair : pair.substring(0, eq);
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
