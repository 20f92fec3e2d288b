package dev.offlineaccess.integration;

import com.nimbusds.jwt.JWTParser;
import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.TestClock;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakAdminException;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.tokens.GrantStore;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.Sleeper;
import dev.offlineaccess.tokens.TokenCipher;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;

/**
 * One application node talking to the real Keycloak: an {@link OfflineTokenService} over a store, with its own
 * {@link OidcProvider} (HTTP to Keycloak) behind an {@link ObservedEndpoint}. Keycloak's access tokens live 60 s;
 * the nodes of a test share a {@link TestClock} that the test moves past that, so every call after
 * {@link #NEXT_WINDOW} must refresh, without sleeping.
 *
 * @param endpoint what the node sent to Keycloak
 * @param service  the node's token service
 */
record KeycloakNode(ObservedEndpoint endpoint, OfflineTokenService service) {
    /** The clock skew of the nodes: a 60-second access token is cached for 50 seconds. */
    static final Duration SKEW = Duration.ofSeconds(10);
    /** Past the access token's 60 seconds: the next call refreshes. */
    static final Duration NEXT_WINDOW = Duration.ofSeconds(61);
    static final HttpSettings HTTP = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), SKEW);

    /** The customer-portal client of a realm of the running Keycloak. */
    static ClientSettings client(String realm) {
        return new ClientSettings(URI.create(KeycloakServer.issuer(realm)), DemoRealms.CLIENT_ID,
                new Secret(DemoRealms.CLIENT_SECRET));
    }

    static KeycloakNode start(String realm, GrantStore store, TokenCipher cipher, TestClock clock) {
        return start(realm, store, cipher, clock, Sleeper.SYSTEM);
    }

    /** A node whose write retries wait with {@code sleeper} (a test records the waits instead of sleeping). */
    static KeycloakNode start(String realm, GrantStore store, TokenCipher cipher, TestClock clock, Sleeper sleeper) {
        ClientSettings client = client(realm);
        ObservedEndpoint endpoint = new ObservedEndpoint(new OidcProvider(client, HTTP, Set.of("RS256"), clock));
        OfflineTokenService service = OfflineTokenService.builder().client(client).tokenEndpoint(endpoint)
                .store(store).cipher(cipher).clock(clock).clockSkew(SKEW).sleeper(sleeper).build();
        return new KeycloakNode(endpoint, service);
    }

    /** Ends a test's offline session at Keycloak; one that is already gone (the test ended it) is fine. */
    static void endSession(KeycloakAdmin keycloak, String sessionId) {
        try {
            keycloak.deleteSession(sessionId, true);
        } catch (KeycloakAdminException gone) {
            if (gone.status() != 404) {
                throw gone;
            }
        }
    }

    /** The {@code sid} of a Keycloak refresh token (read without verifying it): the offline session's id. */
    static String sessionId(String refreshToken) {
        try {
            return JWTParser.parse(refreshToken).getJWTClaimsSet().getStringClaim("sid");
        } catch (ParseException e) {
            throw new AssertionError("Keycloak's refresh token is not a JWT", e);
        }
    }
}
