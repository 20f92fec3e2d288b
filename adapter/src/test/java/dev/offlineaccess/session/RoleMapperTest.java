package dev.offlineaccess.session;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleMapperTest {
    private final RoleMapper keycloakDefaults = new RoleMapper(
            List.of("realm_access.roles", "resource_access.${client_id}.roles", "roles"), "my.portal");

    @Test
    void rolesWhenKeycloakClaimsThenRealmAndThisClientsRolesOnly() {
        Map<String, Object> claims = Map.of(
                "realm_access", Map.of("roles", List.of("user", "offline_access")),
                "resource_access", Map.of("my.portal", Map.of("roles", List.of("admin")),
                        "other", Map.of("roles", List.of("other-admin"))));
        assertEquals(Set.of("user", "offline_access", "admin"), keycloakDefaults.roles(List.of(claims)));
    }

    @Test
    void rolesWhenTopLevelRolesArrayOrStringThenRead() {
        assertEquals(Set.of("a", "b"), keycloakDefaults.roles(List.of(Map.of("roles", List.of("a", "b")))));
        assertEquals(Set.of("solo"), keycloakDefaults.roles(List.of(Map.of("roles", "solo"))));
    }

    @Test
    void rolesWhenSeveralSourcesThenUnion() {
        assertEquals(Set.of("a", "b"), keycloakDefaults.roles(List.of(Map.of("roles", List.of("a")),
                Map.of("realm_access", Map.of("roles", List.of("b"))))));
    }

    @Test
    void rolesIgnoresNonStringsBlanksAndWrongShapes() {
        Map<String, Object> claims = Map.of("roles", List.of("ok", 7, " ", Map.of()),
                "realm_access", "not-an-object");
        assertEquals(Set.of("ok"), keycloakDefaults.roles(List.of(claims)));
    }

    @Test
    void rolesWhenCustomPathThenFollowed() {
        RoleMapper custom = new RoleMapper(List.of("groups", "app.permissions.granted"), "c");
        assertEquals(Set.of("g1", "p1"), custom.roles(List.of(Map.of("groups", List.of("g1"),
                "app", Map.of("permissions", Map.of("granted", List.of("p1")))))));
    }

    @Test
    void rolesWhenClientIdContainsDotsAndIsWrittenLiterallyThenFound() {
        RoleMapper literal = new RoleMapper(List.of("resource_access.my.portal.roles"), "my.portal");
        assertEquals(Set.of("admin"), literal.roles(List.of(Map.of("resource_access",
                Map.of("my.portal", Map.of("roles", List.of("admin")))))));
    }

    @Test
    void anyPathPresentTellsWhetherRolesCanBeReadFromClaims() {
        assertTrue(keycloakDefaults.anyPathPresent(Map.of("roles", List.of())));
        assertFalse(keycloakDefaults.anyPathPresent(Map.of("sub", "x")));
    }
}
