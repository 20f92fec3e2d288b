package dev.offlineaccess.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as the fake's handlers see it (method, parameters, authorization), and the answer they give. The
 * parameters are query and form parameters merged, first value wins. Immutable.
 */
record FakeExchange(String method, Map<String, String> params, String authorization) {

    static FakeExchange read(HttpExchange exchange) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        parseInto(exchange.getRequestURI().getRawQuery(), params);
        if ("POST".equals(exchange.getRequestMethod())) {
            try (InputStream body = exchange.getRequestBody()) {
                parseInto(new String(body.readAllBytes(), StandardCharsets.UTF_8), params);
            }
        }
        return new FakeExchange(exchange.getRequestMethod(), Map.copyOf(params),
                exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static void parseInto(String encoded, Map<String, String> params) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    String param(String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The bearer token of the Authorization header (or the {@code access_token} form parameter), or null. */
    String bearerToken() {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return param("access_token");
    }

    /** Client id and secret from HTTP Basic, or {@code null} when the header is not Basic. */
    String[] basicCredentials() {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new String[] {"", ""};
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? new String[] {decode(decoded), ""}
                : new String[] {decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1))};
    }

    /** How the client authenticated, as a token_endpoint_auth_method name (for recorded requests). */
    String clientAuthMethod() {
        if (basicCredentials() != null) {
            return "client_secret_basic";
        }
        if (bearerToken() != null && authorization != null) {
            return "bearer";
        }
        if (param("client_secret") != null) {
            return "client_secret_post";
        }
        return param("client_id") != null ? "none" : null;
    }

    /** An answer: status, content type, body and extra headers. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        static Answer json(int status, String json) {
            return new Answer(status, "application/json", json, Map.of());
        }

        static Answer json(Map<String, ?> json) {
            return json(200, new net.minidev.json.JSONObject(new HashMap<>(json)).toJSONString());
        }

        static Answer redirect(URI location) {
            return new Answer(302, null, "", Map.of("Location", location.toString()));
        }

        static Answer html(int status, String text) {
            return new Answer(status, "text/html;charset=utf-8",
                    "<!DOCTYPE html><html><head><title>Fake OP</title></head><body><p>" + text + "</p></body></html>",
                    Map.of());
        }

        static Answer empty(int status) {
            return new Answer(status, null, "", Map.of());
        }

        static Answer error(OAuthError e) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", e.error);
            if (e.description != null) {
                body.put("error_description", e.description);
            }
            return json(e.status, new net.minidev.json.JSONObject(body).toJSONString());
        }
    }
}
