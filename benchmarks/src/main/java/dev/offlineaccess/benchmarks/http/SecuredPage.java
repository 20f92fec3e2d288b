package dev.offlineaccess.benchmarks.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The small secured page every variant serves: about 100 bytes of HTML naming the user the container (or the
 * security filter in front of it) reports, or "anonymous" where nothing protects it. Thread-safe.
 */
final class SecuredPage extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = request.getRemoteUser() == null ? "anonymous" : request.getRemoteUser();
        byte[] body = ("<!doctype html><html><head><title>Account</title></head><body><p>Hello, " + user
                + ".</p></body></html>").getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
