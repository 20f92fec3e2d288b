package dev.offlineaccess.benchmarks.http;

import dev.offlineaccess.session.UserSession;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.openjdk.jol.info.GraphLayout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * Reports what the caller's HTTP session holds: per attribute its name, the bytes of its Java serialization and
 * the bytes its object graph retains on the heap (JOL), as {@code name serialized retained} lines (for our
 * {@link UserSession}, followed by the lengths of the tokens it holds). Attribute values are never written out. Mapped behind the security filter, so the session is the signed-in one. Thread-safe.
 */
public final class SessionFootprintServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        StringBuilder out = new StringBuilder();
        if (session != null) {
            for (String name : Collections.list(session.getAttributeNames())) {
                Object value = session.getAttribute(name);
                out.append(name).append(' ').append(serializedSize(value)).append(' ')
                        .append(GraphLayout.parseInstance(value).totalSize());
                if (value instanceof UserSession user) {
                    out.append(" (token lengths: ID ").append(user.idToken().length()).append(", access ")
                            .append(user.accessToken().length()).append(", refresh ")
                            .append(user.refreshToken() == null ? 0 : user.refreshToken().length()).append(')');
                }
                out.append('\n');
            }
        }
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static int serializedSize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.size();
    }
}
