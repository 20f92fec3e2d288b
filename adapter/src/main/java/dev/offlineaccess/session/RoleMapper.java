package dev.offlineaccess.session;

import dev.offlineaccess.provider.Claims;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads roles from configured claim paths, e.g. Keycloak's {@code realm_access.roles} and
 * {@code resource_access.${client_id}.roles}, or a top-level {@code roles}. A path may name an array of strings or a
 * single string. Immutable and thread-safe.
 */
public final class RoleMapper {
    private final List<String> paths;
    private final String clientId;

    /**
     * @param paths    dotted claim paths; a segment {@code ${client_id}} stands for {@code clientId}
     * @param clientId this client's id
     */
    public RoleMapper(List<String> paths, String clientId) {
        this.paths = List.copyOf(paths);
        this.clientId = Objects.requireNonNull(clientId, "clientId");
    }

    /** The roles found under any configured path in any of {@code sources}; never {@code null}. */
    public Set<String> roles(List<Map<String, Object>> sources) {
        Set<String> roles = new TreeSet<>();
        for (Map<String, Object> source : sources) {
            roles.addAll(Claims.roles(source, paths, clientId));
        }
        return Set.copyOf(roles);
    }

    /** Whether any configured path has a value in {@code claims}. */
    public boolean anyPathPresent(Map<String, Object> claims) {
        return paths.stream().anyMatch(path -> Claims.at(claims, path, clientId).isPresent());
    }
}
