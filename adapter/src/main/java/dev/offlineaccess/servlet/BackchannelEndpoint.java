package dev.offlineaccess.servlet;

import dev.offlineaccess.logout.BackchannelLogoutHandler;
import dev.offlineaccess.logout.BackchannelResult;
import dev.offlineaccess.logout.SessionEndCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The back-channel logout path: the provider's server-to-server {@code POST} of a {@code logout_token}, turned into
 * one call of the {@link BackchannelLogoutHandler} and its {@link BackchannelResult} written back. No login, no
 * CSRF check (the signed token is the proof), and no HTTP session is read, created or changed here: a valid logout
 * ends this node's covered sessions through {@link SessionEndCheck#endLocally}, the other nodes' through the shared
 * registry, each on the session's next request.
 *
 * <p>Only {@code POST} ({@code 405} otherwise); the body is read by this class, never by {@code getParameter}, and
 * at most {@link BackchannelLogoutHandler#MAX_BODY_BYTES} of it: a larger declared {@code Content-Length} is refused
 * before reading, a longer body while reading ({@code 400}). Thread-safe.
 */
final class BackchannelEndpoint {
    private static final int MAX = BackchannelLogoutHandler.MAX_BODY_BYTES;
    /** How much of a refused body is read and dropped before answering (1 MiB). */
    private static final long DRAIN_LIMIT = 1L << 20;

    private final String path;
    private final BackchannelLogoutHandler handler;
    private final SessionEndCheck endings;

    /**
     * @param path    the context-relative path it answers on
     * @param handler checks and carries out a logout
     * @param endings where this node's endings are recorded at once
     */
    BackchannelEndpoint(String path, BackchannelLogoutHandler handler, SessionEndCheck endings) {
        this.path = Objects.requireNonNull(path, "path");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.endings = Objects.requireNonNull(endings, "endings");
    }

    String path() {
        return path;
    }

    /** Whether a request to this context-relative path is a back-channel logout. */
    boolean covers(String pathWithinContext) {
        return path.equals(pathWithinContext);
    }

    void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BackchannelResult result = answer(request);
        result.logout().ifPresent(endings::endLocally);
        write(response, result);
    }

    private BackchannelResult answer(HttpServletRequest request) throws IOException {
        if (!"POST".equals(request.getMethod().toUpperCase(Locale.ROOT))) {
            return BackchannelResult.methodNotAllowed();
        }
        long declared = request.getContentLengthLong();
        if (declared > MAX) {
            discard(request.getInputStream(), Math.min(declared, DRAIN_LIMIT));
            return BackchannelResult.bodyTooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX + 1);
            if (body.length > MAX) {
                discard(in, DRAIN_LIMIT);
                return BackchannelResult.bodyTooLarge();
            }
        }
        return handler.handle(request.getContentType(), form(body));
    }

    /**
     * Reads and drops up to {@code limit} bytes of a refused body, so that a client still sending it gets to read
     * the 400 instead of a reset connection. Bounded: a larger body is cut off by the container when it closes.
     */
    private static void discard(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long left = limit;
        int read;
        while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= read;
        }
    }

    /**
     * The {@code application/x-www-form-urlencoded} parameters of a body, each name with all its values; a pair
     * that is not valid percent-encoding is left out (a token in it then counts as missing).
     */
    static Map<String, List<String>> form(byte[] body) {
        return RequestReader.parseQuery(new String(body, StandardCharsets.UTF_8));
    }

    private static void write(HttpServletResponse response, BackchannelResult result) throws IOException {
        response.setStatus(result.status());
        result.headers().forEach(response::setHeader);
        byte[] body = result.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
    }
}
