package dev.offlineaccess.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the fake provider's authorization endpoint sent the browser: the redirect URI with {@code code},
 * {@code state}, {@code iss}, {@code session_state} — or {@code error} — as query parameters. A 4xx page (bad client
 * or redirect URI) gives {@code status} 400 and no location. Immutable; {@link #toString()} masks the code.
 *
 * @param status   the HTTP status of the authorization endpoint's answer (302 normally)
 * @param location the {@code Location} header, or {@code null}
 * @param params   the query parameters of the location, never {@code null}
 */
public record AuthorizationRedirect(int status, URI location, Map<String, String> params) {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public AuthorizationRedirect {
        params = Map.copyOf(params);
    }

    static AuthorizationRedirect follow(URI authorizationRequest) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(authorizationRequest)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            URI location = response.headers().firstValue("Location").map(URI::create).orElse(null);
            return new AuthorizationRedirect(response.statusCode(), location, query(location));
        } catch (IOException e) {
            throw new IllegalStateException("authorization request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<String, String> query(URI location) {
        Map<String, String> params = new LinkedHashMap<>();
        if (location == null || location.getRawQuery() == null) {
            return params;
        }
        for (String pair : location.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.putIfAbsent(FakeExchange.decode(eq < 0 ? pair : pair.substring(0, eq)),
                    eq < 0 ? "" : FakeExchange.decode(pair.substring(eq + 1)));
        }
        return params;
    }

    public String code() {
        return params.get("code");
    }

    public String state() {
        return params.get("state");
    }

    public String iss() {
        return params.get("iss");
    }

    public String error() {
        return params.get("error");
    }

    /** The redirect without its query: where the browser lands. */
    public URI target() {
        Objects.requireNonNull(location, "no redirect");
        String s = location.toString();
        int q = s.indexOf('?');
        return URI.create(q < 0 ? s : s.substring(0, q));
    }

    @Override
    public String toString() {
        return "AuthorizationRedirect[status=" + status + ", target=" + (location == null ? null : target())
                + ", code=" + (code() == null ? "none" : "present") + ", state=" + state() + ", error=" + error()
                + "]";
    }
}
