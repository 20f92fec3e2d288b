package dev.offlineaccess.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of the fake provider: a JDK {@link HttpServer} on 127.0.0.1, routing by path below the realm,
 * fault injection and delays per endpoint, request counters and the last request of each endpoint. Can be stopped
 * (connection refused) and started again on the same port. Thread-safe.
 */
final class FakeServer {
    private static final System.Logger LOG = System.getLogger(FakeServer.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    static {
        // Without TCP_NODELAY the JDK server's separately flushed header and body meet the client's delayed ACK:
        // ~40 ms per request. Read once, when the JDK server classes initialise.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private final String realmPath;
    private final Map<Endpoint, FakeHandler> handlers;
    private final Map<Endpoint, Fault> faults = new ConcurrentHashMap<>();
    private final Map<Endpoint, Duration> delays = new ConcurrentHashMap<>();
    private final Map<Endpoint, AtomicLong> counts = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, RecordedRequest> lastRequests = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    FakeServer(String realmPath, Map<Endpoint, FakeHandler> handlers) {
        this.realmPath = realmPath;
        this.handlers = Map.copyOf(handlers);
        for (Endpoint endpoint : Endpoint.values()) {
            counts.put(endpoint, new AtomicLong());
        }
    }

    /** Starts on the given port (0: a random one); returns the port. */
    synchronized int start(int wanted) {
        if (server != null) {
            return port;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 256);
        } catch (IOException e) {
            throw new IllegalStateException("fake OP could not listen on port " + wanted, e);
        }
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-op-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        port = server.getAddress().getPort();
        return port;
    }

    /** Stops listening: calls are then refused. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    synchronized boolean running() {
        return server != null;
    }

    void fail(Endpoint endpoint, Fault fault) {
        if (fault == null) {
            faults.remove(endpoint);
        } else {
            faults.put(endpoint, fault);
        }
    }

    void delay(Endpoint endpoint, Duration delay) {
        if (delay == null || delay.isZero()) {
            delays.remove(endpoint);
        } else {
            delays.put(endpoint, delay);
        }
    }

    void heal() {
        faults.clear();
        delays.clear();
    }

    long count(Endpoint endpoint) {
        return counts.get(endpoint).get();
    }

    RecordedRequest lastRequest(Endpoint endpoint) {
        return lastRequests.get(endpoint);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Endpoint endpoint = route(exchange.getRequestURI().getPath());
            FakeExchange.Answer answer = endpoint == null
                    ? FakeExchange.Answer.html(404, "Page not found") : answer(endpoint, exchange);
            write(exchange, answer);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "fake OP: request failed: " + e);
        }
    }

    private Endpoint route(String path) {
        if (!path.startsWith(realmPath)) {
            return null;
        }
        String rest = path.substring(realmPath.length());
        for (Endpoint endpoint : Endpoint.values()) {
            if (endpoint.path().equals(rest)) {
                return endpoint;
            }
        }
        return null;
    }

    private FakeExchange.Answer answer(Endpoint endpoint, HttpExchange exchange) throws IOException {
        FakeExchange request = FakeExchange.read(exchange);
        counts.get(endpoint).incrementAndGet();
        lastRequests.put(endpoint, new RecordedRequest(request.method(), request.params(),
                request.clientAuthMethod()));
        Duration delay = delays.get(endpoint);
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());   // a slow provider, for read-timeout tests
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("fake OP stopped while delaying", e);
            }
        }
        Fault fault = faults.get(endpoint);
        if (fault != null) {
            return faultAnswer(fault);
        }
        try {
            return handlers.get(endpoint).handle(request);
        } catch (OAuthError e) {
            return FakeExchange.Answer.error(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "fake OP: handler of " + endpoint + " failed: " + e);
            return FakeExchange.Answer.html(500, "Internal Server Error");
        }
    }

    private static FakeExchange.Answer faultAnswer(Fault fault) {
        return switch (fault) {
            case HTTP_500 -> FakeExchange.Answer.html(500, "Internal Server Error");
            case HTTP_503 -> FakeExchange.Answer.html(503, "Service Unavailable");
            case HTML_BODY -> FakeExchange.Answer.html(200, "Please sign in to the corporate proxy");
            case MALFORMED_JSON -> FakeExchange.Answer.json(200, "{\"access_token\":\"x\",\"expires_in\":6");
            case HTTP_404_HTML -> FakeExchange.Answer.html(404, "Not Found");
        };
    }

    private static void write(HttpExchange exchange, FakeExchange.Answer answer) throws IOException {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
