package dev.offlineaccess.example.portal.web;

import dev.offlineaccess.servlet.OfflineAccess;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.NoOfflineGrantException;
import dev.offlineaccess.tokens.OfflineTokenException;
import dev.offlineaccess.tokens.OfflineTokens;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /offline} (signed in): whether the portal holds offline access for me, since when and when last used —
 * never the token — and a button to revoke it.
 */
public final class OfflineServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Visitor visitor = Visitor.of(request).orElseThrow();
        OfflineTokens tokens = OfflineAccess.tokens(getServletContext());
        Optional<GrantInfo> grant = tokens.find(visitor.name());
        StringBuilder body = new StringBuilder();
        String notice = request.getParameter("notice");
        if ("revoked".equals(notice)) {
            body.append("<p class=\"ok\" id=\"notice\">Offline access revoked. The portal can no longer act for you"
                    + " while you are away.</p>");
        } else if ("unavailable".equals(notice)) {
            body.append("<p class=\"bad\" id=\"notice\">The identity provider could not be reached; offline access"
                    + " was NOT revoked. Try again in a moment.</p>");
        }
        if (grant.isEmpty()) {
            body.append("<p id=\"status\">This portal does <b>not</b> hold offline access for you.</p>")
                    .append("<p><a href=\"").append(Html.escape(request.getContextPath()))
                    .append("/customers?scope=offline_access\">Grant offline access</a> (you will be asked to sign in)"
                            + "</p>");
        } else {
            GrantInfo g = grant.get();
            body.append("<table id=\"grant\">")
                    .append(row("Status", g.isActive() ? "active" : "revoked", "status"))
                    .append(row("Granted since", Html.time(g.created()), "since"))
                    .append(row("Last used", g.lastUsed() == null ? "never" : Html.time(g.lastUsed()), "last-used"))
                    .append(row("Scopes", String.join(" ", new java.util.TreeSet<>(g.scopes())), "scopes"));
            if (!g.isActive()) {
                body.append(row("Reason", g.revokedError() + (g.revokedReason() == null ? "" : ": " + g.revokedReason()),
                        "reason"));
            }
            body.append("</table>");
            if (g.isActive()) {
                body.append("<form method=\"post\" action=\"").append(Html.escape(request.getContextPath()))
                        .append("/offline\">").append(Csrf.hiddenField(request))
                        .append("<button id=\"revoke\" type=\"submit\">Revoke offline access</button></form>");
            } else {
                body.append("<p><a id=\"grant-again\" href=\"").append(Html.escape(request.getContextPath()))
                        .append("/customers?scope=offline_access\">Grant offline access again</a>"
                                + " (you will be asked to sign in)</p>");
            }
        }
        Html.page(response, request.getContextPath(), "Offline access", visitor, body.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Csrf.isValid(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Missing or wrong CSRF token; reload the page.");
            return;
        }
        Visitor visitor = Visitor.of(request).orElseThrow();
        String notice = "revoked";
        try {
            OfflineAccess.tokens(getServletContext()).revoke(visitor.name());
        } catch (NoOfflineGrantException e) {
            notice = "revoked";
        } catch (OfflineTokenException e) {
            notice = e.isRetryable() ? "unavailable" : "revoked";
        }
        response.sendRedirect(request.getContextPath() + "/offline?notice=" + notice);
    }

    private static String row(String label, Object value, String id) {
        return "<tr><th>" + Html.escape(label) + "</th><td id=\"" + id + "\">" + Html.escape(value) + "</td></tr>";
    }
}
