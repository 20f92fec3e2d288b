package dev.offlineaccess.servlet;

import dev.offlineaccess.session.OidcIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;
import java.util.Objects;

/**
 * The request as the application sees it behind the filter: {@code getUserPrincipal()} is the {@link OidcIdentity},
 * {@code getRemoteUser()} its principal name, {@code isUserInRole} its roles ({@code "**"}: any signed-in user, as
 * the Servlet specification defines), {@code getAuthType()} {@code OIDC} or {@code BEARER}. Not thread-safe, like
 * the request it wraps.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final OidcIdentity identity;
    private final String authType;

    AuthenticatedRequest(HttpServletRequest request, OidcIdentity identity, String authType) {
        super(request);
        this.identity = Objects.requireNonNull(identity, "identity");
        this.authType = Objects.requireNonNull(authType, "authType");
        request.setAttribute(OidcIdentity.ATTRIBUTE, identity);
    }

    @Override
    public Principal getUserPrincipal() {
        return identity;
    }

    @Override
    public String getRemoteUser() {
        return identity.principalName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return "**".equals(role) || (role != null && identity.hasRole(role));
    }

    @Override
    public String getAuthType() {
        return authType;
    }
}
