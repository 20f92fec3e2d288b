package dev.offlineaccess.example.portal.web;

import dev.offlineaccess.servlet.OfflineAccess;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Who is looking at a page, as far as the portal cares. The one place where the portal asks the adapter about the
 * signed-in user; pages behind the filter see the container's principal, public pages ask the adapter's session.
 *
 * @param name  the user name ({@code getRemoteUser()})
 * @param admin whether the user has the {@code admin} role
 */
public record Visitor(String name, boolean admin) {

    public static Optional<Visitor> of(HttpServletRequest request) {
        if (request.getUserPrincipal() != null) {
            return Optional.of(new Visitor(request.getRemoteUser(), request.isUserInRole("admin")));
        }
        return OfflineAccess.identity(request)
                .map(identity -> new Visitor(identity.principalName(), identity.roles().contains("admin")));
    }
}
