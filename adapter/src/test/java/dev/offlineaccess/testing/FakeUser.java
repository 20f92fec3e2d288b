package dev.offlineaccess.testing;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user of {@link FakeOpenIdProvider}. Immutable snapshot.
 *
 * @param username       {@code preferred_username}; also the login name
 * @param subject        {@code sub}
 * @param password       for the password grant (defaults to the username)
 * @param realmRoles     {@code realm_access.roles}
 * @param clientRoles    {@code resource_access.<client id>.roles}
 * @param offlineAllowed whether the user has the {@code offline_access} role (Keycloak's permission for offline
 *                       tokens); when true, {@code offline_access} is also listed in {@code realmRoles}
 * @param claims         extra claims put into ID token, access token and userinfo ({@code email} and
 *                       {@code name} by default)
 */
public record FakeUser(String username, String subject, String password, Set<String> realmRoles,
                       Set<String> clientRoles, boolean offlineAllowed, Map<String, Object> claims) {
    public FakeUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(password, "password");
        realmRoles = Set.copyOf(realmRoles);
        clientRoles = Set.copyOf(clientRoles);
        claims = Map.copyOf(claims);
    }

    @Override
    public String toString() {
        return "FakeUser[" + username + ", sub=" + subject + ", offlineAllowed=" + offlineAllowed + "]";
    }
}
