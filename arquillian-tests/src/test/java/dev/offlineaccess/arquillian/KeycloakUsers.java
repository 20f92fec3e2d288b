package dev.offlineaccess.arquillian;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Throw-away users in one realm of the test Keycloak, so that what a test does to "its" user at Keycloak (log
 * them out, revoke their consent) touches nobody else — neither the other tests of this suite nor other modules'
 * tests that use the realm's {@code alice} at the same time. Each user's password equals the user name, and
 * {@link #close()} deletes every user made here (with their sessions and consents).
 *
 * <p>Calls go through the realm's {@code harness-admin} service account ({@code manage-users}). Not thread-safe.
 */
final class KeycloakUsers implements AutoCloseable {
    /** Realm role of every portal user. */
    static final String USER = "user";
    /** Realm role that lets Keycloak issue offline tokens to the user. */
    static final String OFFLINE_ACCESS = "offline_access";
    /** Realm role of the portal's administrators. */
    static final String ADMIN = "admin";

    private final KeycloakAdmin admin;
    private final AdminRest rest;
    private final List<String> created = new ArrayList<>();

    private KeycloakUsers(KeycloakAdmin admin) {
        this.admin = admin;
        this.rest = new AdminRest(admin);
    }

    static KeycloakUsers in(String realm) {
        return new KeycloakUsers(KeycloakAdmin.forRealm(realm));
    }

    /**
     * Creates a user named {@code arq-<first>-<random>} with the given realm roles and returns the name (which is
     * also the password and, through {@code preferred_username}, the portal's principal name).
     */
    String create(String first, String... realmRoles) {
        String name = "arq-" + first + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", name);
        user.put("enabled", true);
        user.put("email", name + "@example.test");
        user.put("emailVerified", true);
        user.put("firstName", first);
        user.put("lastName", "Test");
        user.put("credentials", List.of(Map.of("type", "password", "value", name, "temporary", false)));
        rest.send("POST", "users", JSONObjectUtils.toJSONString(user), 201);
        created.add(name);
        for (String role : realmRoles) {
            admin.grantRealmRole(name, role);
        }
        return name;
    }

    /** The admin client of this realm, for what the tests do to these users. */
    KeycloakAdmin admin() {
        return admin;
    }

    @Override
    public void close() {
        for (String name : created) {
            rest.send("DELETE", "users/" + admin.userId(name), null, 204);
        }
        created.clear();
    }
}
