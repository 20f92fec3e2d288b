package dev.offlineaccess.servlet;

import dev.offlineaccess.login.WebResult;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes the core's non-proceeding results: redirects, the adapter's pages and JSON challenges, each with
 * {@code Cache-Control: no-store}; pages also refuse framing and send no referrer. Stateless.
 */
final class ResponseWriter {
    private ResponseWriter() {
    }

    static void redirect(HttpServletResponse response, WebResult.Redirect redirect) throws IOException {
        noStore(response);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.sendRedirect(redirect.location());
    }

    static void page(HttpServletResponse response, WebResult.Page page) throws IOException {
        noStore(response);
        response.setStatus(page.status());
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (page.status() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            retryAfter(response, dev.offlineaccess.login.WebFlow.RETRY_AFTER);
        }
        response.setContentType("text/html;charset=UTF-8");
        byte[] body = Pages.render(page).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static void challenge(HttpServletResponse response, WebResult.Challenge challenge) throws IOException {
        noStore(response);
        response.setStatus(challenge.status());
        if (challenge.wwwAuthenticate() != null) {
            response.setHeader("WWW-Authenticate", challenge.wwwAuthenticate());
        }
        if (challenge.retryAfter() != null) {
            retryAfter(response, challenge.retryAfter());
        }
        response.setContentType("application/json;charset=UTF-8");
        String json = "{\"error\":\"" + json(challenge.error()) + "\""
                + (challenge.description() == null ? "" : ",\"error_description\":\"" + json(challenge.description())
                + "\"") + "}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
    }

    private static void retryAfter(HttpServletResponse response, Duration after) {
        response.setHeader("Retry-After", Long.toString(Math.max(1, after.toSeconds())));
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
