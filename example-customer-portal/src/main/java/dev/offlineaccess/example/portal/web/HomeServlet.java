package dev.offlineaccess.example.portal.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** {@code GET /}: the public welcome page with the two ways to log in. */
public final class HomeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String ctx = request.getContextPath();
        Optional<Visitor> visitor = Visitor.of(request);
        StringBuilder body = new StringBuilder();
        body.append("<p>This portal shows your customers. It can also back them up every night, even when you are"
                + " not signed in, if you give it <em>offline access</em>.</p>");
        if (visitor.isPresent()) {
            body.append("<p>You are signed in as <b>").append(Html.escape(visitor.get().name())).append("</b>.</p>");
            body.append("<p><a id=\"logout-link\" href=\"").append(Html.escape(ctx)).append("/logout\">Log out</a></p>");
        }
        body.append("<ul>")
                .append("<li><a id=\"login\" href=\"").append(Html.escape(ctx)).append("/customers\">Log in</a></li>")
                .append("<li><a id=\"login-offline\" href=\"").append(Html.escape(ctx))
                .append("/customers?scope=offline_access\">Log in with offline access</a></li>")
                .append("</ul>");
        Html.page(response, ctx, "Customer portal", visitor.orElse(null), body.toString());
    }
}
