package dev.offlineaccess.hardening;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.offlineaccess.hardening.Browsing.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container path of the fuzz run: hostile requests written byte by byte to a socket of the real Jetty in front
 * of the real filter — request lines with raw control characters and invalid percent-escapes, oversized query
 * strings and headers, repeated parameters and headers, bodies that do not match their length — to the callback, the
 * logout path (GET and POST) and an API path with {@code Authorization} headers. Every answer must be a well-formed
 * HTTP response and never a 500; Jetty may refuse what HTTP does not allow (400, 413, 414, 431), the adapter answers
 * the rest. After the run, an honest sign-in still works.
 */
@Timeout(300)
class ContainerFuzzTest {
    static final int PER_ENDPOINT = Integer.getInteger("hardening.fuzz.http", 500);
    private static final Set<Integer> ALLOWED = Set.of(200, 302, 400, 401, 403, 404, 405, 411, 413, 414, 415, 431,
            501, 502, 503, 505);

    @TempDir
    static Path dir;
    static AdapterUnderTest app;
    static final Map<Integer, Integer> statuses = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        app = AdapterUnderTest.start(dir);
    }

    @AfterAll
    static void stop() throws IOException {
        app.close();
    }

    @Test
    void hostileRequestsThroughJettyNeverGetA500() throws Exception {
        FuzzInputs in = new FuzzInputs(Long.getLong("hardening.fuzz.seed", 0x0A11_F022L) + 10);
        List<String> problems = new ArrayList<>();
        long started = System.nanoTime();
        int sent = 0;
        for (String endpoint : List.of("callback", "logout-get", "logout-post", "bearer")) {
            for (int i = 0; i < PER_ENDPOINT; i++) {
                byte[] request = request(in, endpoint);
                int status = send(request);
                sent++;
                statuses.merge(status, 1, Integer::sum);
                if (!ALLOWED.contains(status)) {
                    problems.add(endpoint + ": status " + status);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String summary = String.format(java.util.Locale.ROOT, "HTTP through Jetty: %,d requests in %.1f s = %,.0f/s,"
                + " statuses %s", sent, seconds, sent / seconds, statuses);
        System.out.println("FUZZ " + summary);
        assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), summary);
        assertTrue(statuses.keySet().stream().anyMatch(s -> s == 400), summary);
        assertTrue(statuses.size() >= 4, "the inputs reached different answers: " + summary);
        assertEquals("alice", line(app.browser().getPage(app.url("/secured/page?scope=offline_access")), "user"),
                "the application still works");
    }

    /** One raw HTTP/1.1 request for the endpoint. */
    private static byte[] request(FuzzInputs in, String endpoint) {
        String path = switch (endpoint) {
            case "callback" -> "/app/secured/oidc-callback";
            case "logout-get", "logout-post" -> "/app/secured/logout";
            default -> "/app/secured/api/customers";
        };
        String query = in.query(List.of("state", "code", "iss", "error", "csrf", "scope"), Map.of());
        String target = path + (in.oneIn(20) ? in.text(20) : "") + (query == null ? "" : "?" + query);
        String method = endpoint.equals("logout-post") ? in.method("POST") : in.method("GET");
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (endpoint.equals("bearer") || in.oneIn(10)) {
            for (int n = in.oneIn(10) ? 2 : 1; n > 0; n--) {
                head.append("Authorization: ").append(in.oneIn(2) ? "Bearer " + in.text(200) : in.text(100))
                        .append("\r\n");
            }
        }
        if (in.oneIn(5)) {
            head.append(in.oneIn(2) ? "Accept: application/json" : "X-" + in.text(10) + ": " + in.text(50))
                    .append("\r\n");
        }
        if (in.oneIn(200)) {
            head.append("X-Big: ").append("a".repeat(70_000)).append("\r\n");
        }
        String body = "";
        if (endpoint.equals("logout-post")) {
            body = in.query(List.of("csrf", "csrf", "state"), Map.of());
            body = body == null ? "" : body;
            head.append("Content-Type: ").append(in.oneIn(10) ? in.text(30)
                    : "application/x-www-form-urlencoded").append("\r\n");
            int length = body.getBytes(StandardCharsets.UTF_8).length;
            head.append("Content-Length: ").append(in.oneIn(20) ? length + in.random().nextInt(5) - 2 : length)
                    .append("\r\n");
        }
        head.append("\r\n").append(body);
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends the bytes and returns the status of the answer (a malformed answer fails the test). When Jetty refuses an
     * oversized request it may close the connection before the client has read its answer, and the kernel then
     * discards the answer (a reset): the client sees nothing. That is a race of the test's socket, not an answer, so
     * an empty one is sent once more; a second empty or any malformed answer fails.
     */
    private static int send(byte[] request) throws IOException {
        String head = exchange(request);
        if (head.isEmpty()) {
            head = exchange(request);
        }
        assertTrue(head.startsWith("HTTP/1.1 "), "not an HTTP answer: " + head);
        return Integer.parseInt(head.substring(9, 12));
    }

    private static String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", app.base().getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException closedEarly) {
                // Jetty may answer and close before reading an oversized request completely
            }
            try {
                return readHead(socket.getInputStream());
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && head.size() < 64) {
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
