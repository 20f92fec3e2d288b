package dev.offlineaccess.hardening;

import dev.offlineaccess.servlet.OfflineAccess;
import dev.offlineaccess.servlet.ServletTestAccess;
import dev.offlineaccess.session.OidcIdentity;
import dev.offlineaccess.session.UserSession;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.Optional;

/**
 * The application in the hardening suites: prints who the request is from, one {@code key=value} a line
 * ({@code user=anonymous} when nobody is signed in, inside or outside the filter's mapping), and records every token
 * value it can see (the request's access token, the session's ID, access and refresh tokens) in {@link SecretValues}
 * so that the leak checks know them. Thread-safe.
 */
final class ProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient SecretValues seen;

    ProbeServlet(SecretValues seen) {
        this.seen = seen;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<OidcIdentity> identity = OfflineAccess.identity(request);
        identity.flatMap(OidcIdentity::accessToken).ifPresent(token -> seen.add(token.value()));
        HttpSession session = request.getSession(false);
        boolean sessionUser = false;
        if (session != null && session.getAttribute(ServletTestAccess.USER_ATTRIBUTE) instanceof UserSession user) {
            sessionUser = true;
            seen.add(user.idToken());
            seen.add(user.accessToken());
            seen.add(user.refreshToken());
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("path=" + request.getRequestURI() + "\n"
                + "remoteUser=" + request.getRemoteUser() + "\n"
                + "authType=" + request.getAuthType() + "\n"
                + "user=" + identity.map(OidcIdentity::principalName).orElse("anonymous") + "\n"
                + "sessionUser=" + sessionUser + "\n"
                + "offline=" + identity.map(OidcIdentity::offlineGranted).orElse(false) + "\n"
                + "secure=" + request.isSecure() + "\n");
    }
}
