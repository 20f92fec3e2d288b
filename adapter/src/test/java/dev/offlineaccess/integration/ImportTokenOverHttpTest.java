package dev.offlineaccess.integration;

import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.InMemoryGrantStore;
import dev.offlineaccess.tokens.OfflineTokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code importToken} over HTTP against the Keycloak-like fake: an offline token is stored, an ordinary refresh
 * token (Keycloak's {@code typ: Refresh}, no {@code offline_access}) is refused before anything is stored. The same
 * is proven against the real Keycloak in {@link KeycloakErrorsIT}.
 */
class ImportTokenOverHttpTest {
    private static final HttpSettings HTTP = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    private final FakeOpenIdProvider op = FakeOpenIdProvider.builder().rotation(true).start();
    private final InMemoryGrantStore store = new InMemoryGrantStore();
    private final OfflineTokenService service = OfflineTokenService.builder().client(op.clientSettings())
            .tokenEndpoint(new OidcProvider(op.clientSettings(), HTTP, Set.of("RS256"), op.clock())).store(store)
            .cipher(Stores.cipher()).clock(op.clock()).clockSkew(HTTP.clockSkew()).build();

    @AfterEach
    void stopProvider() {
        op.close();
    }

    @Test
    void importTokenWhenTheTokenIsAnOfflineTokenThenStored() {
        op.addUser("svc");
        String offline = (String) op.passwordGrant("svc", "openid offline_access").get("refresh_token");

        assertEquals(GrantStatus.ACTIVE, service.importToken("svc", offline).status());
        assertEquals(1, store.count());
    }

    @Test
    void importTokenWhenTheTokenIsAnOrdinaryRefreshTokenThenRefusedAndNothingStored() {
        op.addUser("svc");
        String online = (String) op.passwordGrant("svc", "openid").get("refresh_token");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.importToken("svc", online));

        assertTrue(e.getMessage().contains("not an offline token"), e.getMessage());
        assertTrue(e.getMessage().contains("'svc'"), e.getMessage());
        assertEquals(0, store.count());
        assertTrue(service.find("svc").isEmpty());
    }
}
