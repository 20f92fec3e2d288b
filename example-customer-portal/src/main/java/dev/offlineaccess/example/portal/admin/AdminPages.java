package dev.offlineaccess.example.portal.admin;

import dev.offlineaccess.example.portal.web.Html;
import dev.offlineaccess.example.portal.web.Visitor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** Shared by the admin pages: the role check. */
final class AdminPages {
    private AdminPages() {
    }

    /** The visitor when they are an admin; otherwise writes a 403 page and returns empty. */
    static Optional<Visitor> requireAdmin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Visitor> visitor = Visitor.of(request);
        if (visitor.isPresent() && visitor.get().admin()) {
            return visitor;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        Html.page(response, request.getContextPath(), "Not allowed", visitor.orElse(null),
                "<p id=\"forbidden\">This page is for administrators (role <code>admin</code>).</p>");
        return Optional.empty();
    }

    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }
}
