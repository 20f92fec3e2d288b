package dev.offlineaccess.arquillian;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import java.net.URI;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The portal registered as a client of its own in a realm (confidential, authorization-code flow, back-channel
 * logout to a portal node), the way an operator registers a deployment: so that a test can point Keycloak's
 * back-channel logout at its own Jetty and switch "Backchannel logout revoke offline sessions" without touching
 * the realm's {@code customer-portal} client that other tests use. The id is chosen up front, because the WAR
 * names it before the client exists; {@link #register} creates it and {@link #close()} deletes it.
 *
 * <p>Not thread-safe.
 */
final class PortalClient implements AutoCloseable {
    private static final String SECRET = "arquillian-portal-secret-0123456789abcdef";

    private final KeycloakAdmin admin;
    private final AdminRest rest;
    private final String clientId = "arq-portal-" + UUID.randomUUID().toString().substring(0, 8);
    private String uuid;

    private PortalClient(KeycloakAdmin admin) {
        this.admin = admin;
        this.rest = new AdminRest(admin);
    }

    /** A client of {@code realm}, not registered yet. */
    static PortalClient in(String realm) {
        return new PortalClient(KeycloakAdmin.forRealm(realm));
    }

    String clientId() {
        return clientId;
    }

    /** The built portal WAR signing users in to this client's realm as this client. */
    WebArchive war() {
        return PortalWar.withOidcJson(json -> {
            json.put("realm", admin.realm());
            json.put("resource", clientId);
            json.put("credentials", Map.of("secret", SECRET));
        });
    }

    boolean registered() {
        return uuid != null;
    }

    /** Creates the client, with its back-channel logout URL (which Keycloak calls from its own host). */
    void register(URI backchannelLogoutUrl) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("secret", SECRET);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("consentRequired", false);
        client.put("frontchannelLogout", false);
        client.put("redirectUris", List.of("http://localhost/*"));
        client.put("attributes", Map.of(
                "post.logout.redirect.uris", "+",
                "backchannel.logout.url", backchannelLogoutUrl.toString(),
                "backchannel.logout.session.required", "true",
                "backchannel.logout.revoke.offline.tokens", "false"));
        rest.send("POST", "clients", JSONObjectUtils.toJSONString(client), 201);
        uuid = admin.clientUuid(clientId);
    }

    /** Switches "Backchannel logout revoke offline sessions". */
    void revokeOfflineSessionsOnLogout(boolean revoke) {
        try {
            Map<String, Object> client = JSONObjectUtils.parse(rest.send("GET", "clients/" + uuid, null, 200));
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = new LinkedHashMap<>((Map<String, Object>) client.get("attributes"));
            attributes.put("backchannel.logout.revoke.offline.tokens", Boolean.toString(revoke));
            client.put("attributes", attributes);
            rest.send("PUT", "clients/" + uuid, JSONObjectUtils.toJSONString(client), 204);
        } catch (ParseException e) {
            throw new IllegalStateException("Keycloak's client representation is not JSON", e);
        }
    }

    @Override
    public void close() {
        if (uuid != null) {
            rest.send("DELETE", "clients/" + uuid, null, 204);
            uuid = null;
        }
    }
}
