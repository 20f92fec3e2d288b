package dev.offlineaccess.testing.keycloak;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny redirect target on 127.0.0.1 and a random port that records the query of the last request to
 * {@code /callback}, as a relying party's redirect URI would receive it. Its URI uses {@code localhost}, the
 * host name Keycloak's cookies work with.
 *
 * <p>Thread-safe. Close it to free the port.
 */
public final class CallbackServer implements AutoCloseable {

    private static final String PATH = "/callback";

    private final HttpServer server;
    private final AtomicReference<Map<String, String>> lastQuery = new AtomicReference<>();

    private CallbackServer(HttpServer server) {
        this.server = server;
    }

    public static CallbackServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CallbackServer callback = new CallbackServer(http);
            http.createContext(PATH, callback::handle);
            http.start();
            return callback;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port", e);
        }
    }

    /** {@code http://localhost:<port>/callback}. */
    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + PATH);
    }

    /**
     * The decoded query parameters of the last callback request.
     *
     * @throws IllegalStateException if no request has arrived yet
     */
    public Map<String, String> lastQuery() {
        Map<String, String> query = lastQuery.get();
        if (query == null) {
            throw new IllegalStateException("no request reached " + uri() + " yet");
        }
        return query;
    }

    private void handle(HttpExchange exchange) throws IOException {
        lastQuery.set(parse(exchange.getRequestURI().getRawQuery()));
        byte[] body = "signed in".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return Map.of();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return Map.copyOf(query);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
