package dev.offlineaccess.servlet;

import dev.offlineaccess.session.OidcIdentity;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The application behind the filter in component tests: prints what it sees of the user, one {@code key=value} per
 * line. Pages outside the filter's mapping print {@code user=anonymous} unless the HTTP session has a user.
 */
final class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        StringBuilder out = new StringBuilder();
        out.append("path=").append(request.getRequestURI())
                .append(request.getQueryString() == null ? "" : "?" + request.getQueryString()).append('\n');
        out.append("method=").append(request.getMethod()).append('\n');
        out.append("remoteUser=").append(request.getRemoteUser()).append('\n');
        out.append("authType=").append(request.getAuthType()).append('\n');
        out.append("isUserInRole(user)=").append(request.isUserInRole("user")).append('\n');
        Object attribute = request.getAttribute(OidcIdentity.ATTRIBUTE);
        if (attribute instanceof OidcIdentity identity) {
            out.append("principal=").append(request.getUserPrincipal() == identity).append('\n');
            out.append("roles=").append(new TreeSet<>(identity.roles())).append('\n');
            out.append("email=").append(identity.stringClaim("email").orElse("-")).append('\n');
            out.append("subject=").append(identity.subject()).append('\n');
            out.append("offline=").append(identity.offlineGranted()).append('\n');
            out.append("accessTokenExpiresAt=").append(identity.accessToken().map(t -> t.expiresAt().toString())
                    .orElse("-")).append('\n');
        }
        Optional<OidcIdentity> fromSession = OfflineAccess.identity(request);
        out.append("user=").append(fromSession.map(OidcIdentity::principalName).orElse("anonymous")).append('\n');
        response.getWriter().write(out.toString());
    }
}
