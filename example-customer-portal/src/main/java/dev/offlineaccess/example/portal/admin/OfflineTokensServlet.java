package dev.offlineaccess.example.portal.admin;

import dev.offlineaccess.example.portal.web.Csrf;
import dev.offlineaccess.example.portal.web.Html;
import dev.offlineaccess.example.portal.web.Visitor;
import dev.offlineaccess.servlet.OfflineAccess;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.OfflineTokenException;
import dev.offlineaccess.tokens.OfflineTokens;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** {@code /admin/offline-tokens} (role {@code admin}): every stored grant (metadata only), and revoking one. */
public final class OfflineTokensServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int PAGE = 100;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Visitor> admin = AdminPages.requireAdmin(request, response);
        if (admin.isEmpty()) {
            return;
        }
        OfflineTokens tokens = OfflineAccess.tokens(getServletContext());
        int first = Math.max(0, parse(request.getParameter("first")));
        List<GrantInfo> grants = tokens.list(first, PAGE);
        StringBuilder body = new StringBuilder();
        String notice = request.getParameter("notice");
        if (notice != null) {
            body.append("<p id=\"notice\">").append(Html.escape(notice)).append("</p>");
        }
        long count = tokens.count();
        body.append("<p>").append(count).append(count == 1 ? " stored grant." : " stored grants.").append("</p>");
        body.append("<table id=\"grants\"><tr><th>User</th><th>Status</th><th>Reason</th><th>Since</th>"
                + "<th>Last refreshed</th><th>Last used</th><th></th></tr>");
        for (GrantInfo g : grants) {
            body.append("<tr data-user=\"").append(Html.escape(g.principal())).append("\"><td>")
                    .append(Html.escape(g.principal())).append("</td><td class=\"status\">")
                    .append(g.isActive() ? "active" : "revoked").append("</td><td class=\"reason\">")
                    .append(Html.escape(g.isActive() ? "" : g.revokedError()
                            + (g.revokedReason() == null ? "" : ": " + g.revokedReason())))
                    .append("</td><td class=\"time\">").append(Html.time(g.created()))
                    .append("</td><td class=\"time\">").append(Html.time(g.lastRefreshed()))
                    .append("</td><td class=\"time\">").append(Html.time(g.lastUsed()))
                    .append("</td><td>");
            if (g.isActive()) {
                body.append("<form method=\"post\">").append(Csrf.hiddenField(request))
                        .append("<input type=\"hidden\" name=\"user\" value=\"").append(Html.escape(g.principal()))
                        .append("\"><button class=\"revoke\" type=\"submit\">Revoke</button></form>");
            }
            body.append("</td></tr>");
        }
        body.append("</table>");
        if (grants.size() == PAGE) {
            body.append("<p><a href=\"?first=").append(first + PAGE).append("\">Next page</a></p>");
        }
        Html.page(response, request.getContextPath(), "Stored offline grants", admin.get(), body.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (AdminPages.requireAdmin(request, response).isEmpty()) {
            return;
        }
        if (!Csrf.isValid(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Missing or wrong CSRF token; reload the page.");
            return;
        }
        String user = request.getParameter("user");
        String notice;
        try {
            OfflineAccess.tokens(getServletContext()).revoke(user);
            notice = "Revoked the offline grant of " + user + ".";
        } catch (OfflineTokenException e) {
            notice = "Could not revoke: " + e.getMessage();
        }
        response.sendRedirect(request.getContextPath() + "/admin/offline-tokens?notice="
                + URLEncoder.encode(notice, StandardCharsets.UTF_8));
    }

    private static int parse(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
