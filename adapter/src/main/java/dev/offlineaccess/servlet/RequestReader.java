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
 * its form read (for the CSRF token). Stateless.
 */
final class RequestReader {
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

    /** The origin the browser used: scheme, host and port as the container reports them (proxy headers applied). */
    static URI origin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getServerName();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80)
                || ("https".equals(scheme) && port == 443);
        return URI.create(scheme + "://" + host + (defaultPort ? "" : ":" + port));
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
