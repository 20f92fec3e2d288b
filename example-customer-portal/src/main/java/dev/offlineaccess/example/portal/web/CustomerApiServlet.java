package dev.offlineaccess.example.portal.web;

import dev.offlineaccess.example.portal.CustomerApiClient;
import dev.offlineaccess.example.portal.CustomerDirectory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/customers}: the "database service". The filter has already validated the bearer token; this
 * servlet only checks the role.
 */
public final class CustomerApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (!request.isUserInRole("user")) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.getWriter().write("{\"error\":\"forbidden\",\"error_description\":\"role 'user' required\"}");
            return;
        }
        response.getWriter().write(CustomerApiClient.toJson(CustomerDirectory.all()));
    }
}
