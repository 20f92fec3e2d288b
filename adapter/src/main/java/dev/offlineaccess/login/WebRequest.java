package dev.offlineaccess.login;

import dev.offlineaccess.session.UserSession;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the core sees it: no servlet types, only what the decisions need, plus what the HTTP session
 * holds. Immutable.
 *
 * @param method        the HTTP method, upper case
 * @param origin        this application's origin as the browser addressed it, e.g. {@code https://app.example:8443}
 * @param contextPath   the context path, {@code ""} for the root context
 * @param path          the path within the context, decoded, starting with {@code /}
 * @param requestUri    the path as sent (percent-encoded), context path included
 * @param rawQuery      the query string as sent, or {@code null}
 * @param query         the decoded query parameters
 * @param form          the decoded form parameters of a POST (empty otherwise)
 * @param authorization the {@code Authorization} header, or {@code null}
 * @param wantsJson     the client asked for JSON rather than a page (see {@link #wantsJson(String, String)})
 * @param user          the signed-in user of the HTTP session, or {@code null}
 * @param pending       the HTTP session's pending sign-ins, never {@code null}
 */
public record WebRequest(String method, URI origin, String contextPath, String path, String requestUri,
                         String rawQuery, Map<String, List<String>> query, Map<String, List<String>> form,
                         String authorization, boolean wantsJson, UserSession user, PendingLogins pending) {
    public WebRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(contextPath, "contextPath");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(pending, "pending");
        query = Map.copyOf(query);
        form = Map.copyOf(form);
    }

    /**
     * Whether a client asks for JSON rather than a page: {@code X-Requested-With: XMLHttpRequest}, or an
     * {@code Accept} header that names {@code application/json} (or {@code +json}) and not {@code text/html}.
     *
     * @param accept          the {@code Accept} header, or {@code null}
     * @param requestedWith   the {@code X-Requested-With} header, or {@code null}
     */
    public static boolean wantsJson(String accept, String requestedWith) {
        if ("XMLHttpRequest".equalsIgnoreCase(requestedWith)) {
            return true;
        }
        if (accept == null) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return (lower.contains("application/json") || lower.contains("+json")) && !lower.contains("text/html");
    }

    /** The first value of a form parameter, or {@code null}. */
    String formValue(String name) {
        List<String> values = form.getOrDefault(name, List.of());
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        return "WebRequest[" + method + " " + contextPath + path + ", signedIn=" + (user != null) + "]";
    }
}
