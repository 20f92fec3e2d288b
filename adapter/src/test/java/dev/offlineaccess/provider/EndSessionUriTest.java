package dev.offlineaccess.provider;

import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndSessionUriTest {
    private FakeOpenIdProvider op;
    private OidcProvider provider;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.start();
        op.addUser("alice");
        provider = ProviderTestSupport.providerFor(op);
    }

    @AfterEach
    void stop() {
        op.close();
    }

    @Test
    void endSessionUriCarriesHintRedirectStateAndClientIdAndTheProviderRedirectsBack() throws Exception {
        IssuedTokens tokens = ProviderTestSupport.loginAndExchange(op, provider, "openid offline_access");
        URI back = URI.create("http://localhost:8080/app/");
        URI logout = provider.endSessionUri(tokens.idToken(), back, "st-1").orElseThrow();

        assertTrue(logout.toString().startsWith(op.endpoint(Endpoint.END_SESSION) + "?"), logout.toString());
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(logout).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(302, response.statusCode());
        assertEquals("http://localhost:8080/app/?state=st-1", response.headers().firstValue("Location").orElseThrow());
        var request = op.lastRequest(Endpoint.END_SESSION).orElseThrow();
        assertEquals(tokens.idToken(), request.param("id_token_hint"));
        assertEquals(op.clientId(), request.param("client_id"));
        assertTrue(provider.refresh(tokens.refreshToken(), null).isOfflineGrant(), "offline session survives");
    }

    @Test
    void endSessionUriWithoutHintStillNamesTheClient() throws Exception {
        URI logout = provider.endSessionUri(null, URI.create("http://localhost:8080/app/"), null).orElseThrow();
        assertTrue(logout.getQuery().contains("client_id=" + op.clientId()), logout.toString());
    }
}
