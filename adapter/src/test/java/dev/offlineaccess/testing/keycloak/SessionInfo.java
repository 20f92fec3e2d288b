package dev.offlineaccess.testing.keycloak;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A user session as the admin REST API lists it (online or offline).
 *
 * <p>Immutable and thread-safe; no field is null.
 *
 * @param id the session id (the {@code sid} claim of the tokens issued in it)
 * @param username the user's name
 * @param start when the session started
 * @param lastAccess when it was last used
 * @param clientIds the client ids ({@code clientId}, not the internal uuid) that have tokens in it
 */
public record SessionInfo(String id, String username, Instant start, Instant lastAccess, Set<String> clientIds) {

    public SessionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(lastAccess, "lastAccess");
        clientIds = Set.copyOf(clientIds);
    }

    static SessionInfo fromJson(Map<String, Object> json) {
        Object clients = json.get("clients");
        Collection<?> names = clients instanceof Map<?, ?> map ? map.values() : Set.of();
        return new SessionInfo(
                (String) json.get("id"),
                (String) json.get("username"),
                Instant.ofEpochMilli(((Number) json.get("start")).longValue()),
                Instant.ofEpochMilli(((Number) json.get("lastAccess")).longValue()),
                names.stream().map(Object::toString).collect(Collectors.toSet()));
    }
}
