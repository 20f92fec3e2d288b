package dev.offlineaccess.arquillian;

import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls of Keycloak's admin REST API that the adapter's {@link KeycloakAdmin} fixture does not offer (creating and
 * deleting users and clients), made with that fixture's service-account token. Thread-safe.
 */
final class AdminRest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final KeycloakAdmin admin;

    AdminRest(KeycloakAdmin admin) {
        this.admin = admin;
    }

    /**
     * Sends {@code method} to {@code /admin/realms/<realm>/<path>} with an optional JSON body and returns the
     * answer's body; fails unless the status is {@code expected}.
     */
    String send(String method, String path, String json, int expected) {
        URI uri = URI.create(KeycloakServer.baseUrl() + "/admin/realms/" + admin.realm() + "/" + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin.adminToken())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + uri.getPath() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri.getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + uri.getPath(), e);
        }
    }
}
