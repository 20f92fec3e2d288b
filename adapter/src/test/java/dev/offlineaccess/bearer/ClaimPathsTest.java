package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ClaimPathsTest {
    private static final Map<String, Object> KEYCLOAK_CLAIMS = Map.of(
            "sub", "8545ae0e",
            "preferred_username", "alice",
            "realm_access", Map.of("roles", List.of("offline_access", "default-roles-demo")),
            "resource_access", Map.of(
                    "customer-portal", Map.of("roles", List.of("customer")),
                    "my.dotted.client", Map.of("roles", List.of("dotted-role"))),
            "https://example.com/roles", List.of("namespaced"),
            "groups", "single-group",
            "scope", "openid  email profile");

    @Test
    void rolesWhenKeycloakPathsThenRealmAndClientRoles() {
        Set<String> roles = ClaimPaths.roles(KEYCLOAK_CLAIMS,
                List.of("realm_access.roles", "resource_access.${client_id}.roles"), "customer-portal");
        assertEquals(Set.of("offline_access", "default-roles-demo", "customer"), roles);
    }

    @Test
    void rolesWhenClientIdContainsDotsThenItIsOneSegment() {
        assertEquals(Set.of("dotted-role"), ClaimPaths.roles(KEYCLOAK_CLAIMS,
                List.of("resource_access.${client_id}.roles"), "my.dotted.client"));
    }

    @Test
    void rolesWhenClaimNameContainsDotsThenTheLongestKeyWins() {
        assertEquals(Set.of("namespaced"), ClaimPaths.roles(KEYCLOAK_CLAIMS, List.of("https://example.com/roles"), "x"));
    }

    @Test
    void rolesWhenLiteralDottedClientIdInThePathThenStillFound() {
        // the configuration's default path names the client id literally: resource_access.<client id>.roles
        assertEquals(Set.of("dotted-role"), ClaimPaths.roles(KEYCLOAK_CLAIMS,
                List.of("resource_access.my.dotted.client.roles"), "my.dotted.client"));
    }

    @Test
    void rolesWhenBlankStringsThenSkipped() {
        assertEquals(Set.of("a"), ClaimPaths.roles(Map.of("roles", List.of("a", " ", "")), List.of("roles"), "x"));
        assertEquals(Set.of(), ClaimPaths.roles(Map.of("roles", " "), List.of("roles"), "x"));
    }

    @Test
    void stringAtWhenNestedPathThenValue() {
        Map<String, Object> claims = Map.of("profile", Map.of("login", "alice"), "blank", "");
        assertEquals(Optional.of("alice"), ClaimPaths.stringAt(claims, "profile.login", "x"));
        assertEquals(Optional.empty(), ClaimPaths.stringAt(claims, "profile", "x"));
        assertEquals(Optional.empty(), ClaimPaths.stringAt(claims, "blank", "x"));
    }

    @Test
    void rolesWhenStringValueThenOneRole() {
        assertEquals(Set.of("single-group"), ClaimPaths.roles(KEYCLOAK_CLAIMS, List.of("groups"), "x"));
    }

    @Test
    void rolesWhenPathMissingOrNotStringsThenNothing() {
        Map<String, Object> claims = new HashMap<>(KEYCLOAK_CLAIMS);
        claims.put("weird", List.of(1, true, Map.of("a", "b")));
        claims.put("nothing", null);
        assertEquals(Set.of(), ClaimPaths.roles(claims,
                List.of("absent.roles", "realm_access", "realm_access.roles.x", "weird", "nothing", "sub.x"), "x"));
    }

    @Test
    void resolveWhenNestedThenValue() {
        assertEquals(Optional.of(List.of("customer")),
                ClaimPaths.resolve(KEYCLOAK_CLAIMS, "resource_access.${client_id}.roles", "customer-portal"));
        assertEquals(Optional.empty(), ClaimPaths.resolve(KEYCLOAK_CLAIMS, "resource_access..roles", "x"));
    }

    @Test
    void scopesWhenSpaceSeparatedOrArrayThenSet() {
        assertEquals(Set.of("openid", "email", "profile"), ClaimPaths.scopes(KEYCLOAK_CLAIMS));
        assertEquals(Set.of("a", "b"), ClaimPaths.scopes(Map.of("scope", List.of("a", "b"))));
        assertEquals(Set.of(), ClaimPaths.scopes(Map.of("scope", " ")));
        assertEquals(Set.of(), ClaimPaths.scopes(Map.of()));
    }

    @Test
    void stringWhenBlankOrNotAStringThenEmpty() {
        assertEquals(Optional.of("alice"), ClaimPaths.string(KEYCLOAK_CLAIMS, "preferred_username"));
        assertEquals(Optional.empty(), ClaimPaths.string(Map.of("n", " "), "n"));
        assertEquals(Optional.empty(), ClaimPaths.string(Map.of("n", 5), "n"));
    }

    @Test
    void freezeWhenNestedMutableValuesThenDeepImmutableCopy() {
        List<Object> list = new ArrayList<>(List.of("a"));
        Map<String, Object> nested = new LinkedHashMap<>(Map.of("list", list));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("nested", nested);
        source.put("exp", new Date(1_800_000_000_000L));
        source.put("null", null);

        Map<String, Object> frozen = ClaimPaths.freeze(source);
        list.add("b");
        nested.put("other", 1);

        assertEquals(Map.of("list", List.of("a")), frozen.get("nested"));
        assertEquals(1_800_000_000L, frozen.get("exp"));
        assertEquals(true, frozen.containsKey("null"));
        assertThrows(UnsupportedOperationException.class, () -> frozen.put("x", 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> frozenNested = (Map<String, Object>) frozen.get("nested");
        @SuppressWarnings("unchecked")
        List<Object> frozenList = (List<Object>) frozenNested.get("list");
        assertThrows(UnsupportedOperationException.class, () -> frozenNested.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> frozenList.add("c"));
    }

    @Test
    void freezeWhenAlreadyFrozenThenSameMapAndStillImmutable() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("sub", "alice");
        source.put("roles", new ArrayList<>(List.of("a")));
        Map<String, Object> frozen = ClaimPaths.freeze(source);

        assertSame(frozen, ClaimPaths.freeze(frozen));
        assertEquals(source, frozen);
        assertEquals(source.hashCode(), frozen.hashCode());
        assertThrows(UnsupportedOperationException.class, () -> frozen.remove("sub"));
        assertThrows(UnsupportedOperationException.class, () -> frozen.entrySet().clear());
        assertThrows(UnsupportedOperationException.class, () -> frozen.entrySet().iterator().next().setValue("x"));
    }
}
