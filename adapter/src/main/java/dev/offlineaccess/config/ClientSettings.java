package dev.offlineaccess.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Who we are at which provider.
 *
 * @param issuer       the provider's issuer identifier, compared exactly with the discovered one
 * @param clientId     the client id registered at the provider
 * @param clientSecret the client secret, or {@code null} for a public client
 */
public record ClientSettings(URI issuer, String clientId, Secret clientSecret) {
    public ClientSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
    }

    public Optional<Secret> secret() {
        return Optional.ofNullable(clientSecret);
    }

    public boolean isPublicClient() {
        return clientSecret == null;
    }
}
