package dev.offlineaccess.servlet;

import dev.offlineaccess.login.PendingLogins;
import dev.offlineaccess.login.WebRequest;
import dev.offlineaccess.session.UserSession;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an {@link HttpServletRequest} into the core's {@link WebRequest}. The query string is parsed here, never via
 * {@code getParameter}, so that the body of an application's POST is left unread; only a POST to the logout path has
 * its form read (for the CSRF token). Thread-safe; its only state is the last origin built (see {@link #origin}).
 */
final class RequestReader {
    private static volatile Origin lastOrigin;

    private RequestReader() {
    }

    static WebRequest read(HttpServletRequest request, String logoutPath, UserSession user, PendingLogins pending) {
        String path = pathWithinContext(request);
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        Map<String, List<String>> form = "POST".equals(method) && path.equals(logoutPath)
                ? formOf(request) : Map.of();
        return new WebRequest(method, origin(request), request.getContextPath(), path, request.getRequestURI(),
                request.getQueryString(), parseQuery(request.getQueryString()), form,
                authorization(request),
                WebRequest.wantsJson(request.getHeader("Accept"), request.getHeader("X-Requested-With")), user,
                pending);
    }

    /**
     * The {@code Authorization} header; several are joined with a comma (as HTTP combines repeated headers), which
     * the bearer check refuses as {@code invalid_request} instead of silently using the first.
     */
    private static String authorization(HttpServletRequest request) {
        List<String> values = java.util.Collections.list(request.getHeaders("Authorization"));
        return values.isEmpty() ? null : String.join(", ", values);
    }

    static String pathWithinContext(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    /**
     * The origin the browser used: scheme, host and port as the container reports them (proxy headers applied).
     * The last origin built is kept and reused while requests name the same one (parsing a URI on every request
     * was a tenth of the filter's time); one entry, so that a client sending many host names costs nothing.
     */
    static URI origin(HttpServletRequest request) {
        String scheme = request.getScheme();
        String host = request.getServerName();
        int port = request.getServerPort();
        Origin last = lastOrigin;
        if (last != null && last.port == port && last.scheme.equals(scheme) && last.host.equals(host)) {
            return last.uri;
        }
        Origin built = new Origin(scheme, host, port, buildOrigin(scheme, host, port));
        lastOrigin = built;
        return built.uri;
    }

    private static URI buildOrigin(String rawScheme, String rawHost, int port) {
        String scheme = rawScheme.toLowerCase(Locale.ROOT);
        String host = rawHost;
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80)
                || ("https".equals(scheme) && port == 443);
        return URI.create(scheme + "://" + host + (defaultPort ? "" : ":" + port));
    }

    /** The last origin built, by what it was built from; immutable, published through a volatile field. */
    private record Origin(String scheme, String host, int port, URI uri) {
    }

    /** Decoded query parameters, in order; a pair that is not valid percent-encoding is skipped. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException malformed) {
                // not percent-encoding: not a parameter of ours
            }
        }
        return params;
    }

    private static Map<String, List<String>> formOf(HttpServletRequest request) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> form.put(name, List.of(values)));
        return form;
    }
}
