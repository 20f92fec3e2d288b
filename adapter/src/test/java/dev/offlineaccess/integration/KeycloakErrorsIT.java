package dev.offlineaccess.integration;

import com.nimbusds.jwt.JWTParser;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.testing.TestClock;
import dev.offlineaccess.testing.keycloak.GrantResult;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.OfflineGrantRevokedException;
import dev.offlineaccess.tokens.TokenCipher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static dev.offlineaccess.testing.keycloak.DemoRealms.ADMIN;
import static dev.offlineaccess.testing.keycloak.DemoRealms.BOB;
import static dev.offlineaccess.testing.keycloak.DemoRealms.CLIENT_ID;
import static dev.offlineaccess.testing.keycloak.DemoRealms.OFFLINE_SCOPE;
import static dev.offlineaccess.testing.keycloak.DemoRealms.ROTATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each way the real Keycloak ends an offline grant, seen through the service: the exception the background task
 * gets and the stored row afterwards (an H2 file under {@code target/}). The grants are the {@code admin} user's of
 * realm {@code demo-rotation}, a fresh direct grant per test, so that the rotation tests' {@code alice} is never
 * disturbed; what a test changes on the user is undone in {@code finally}, and its offline session is ended.
 */
@ExtendWith(KeycloakServer.class)
@Timeout(120)
class KeycloakErrorsIT {
    private static final String SESSION_NOT_FOUND = "Offline user session not found";
    private static JpaGrantStore store;

    private final KeycloakAdmin keycloak = KeycloakAdmin.forRealm(ROTATION);
    private final TestClock clock = new TestClock();
    private final TokenCipher cipher = Stores.cipher();
    private KeycloakNode node;
    private GrantKey key;
    private String sessionId;

    @BeforeAll
    static void openStore() throws Exception {
        store = JpaGrantStore.open(Stores.h2File("offline-grants"), KeycloakServer.issuer(ROTATION), CLIENT_ID);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @BeforeEach
    void adminsGrantImported() {
        node = KeycloakNode.start(ROTATION, store, cipher, clock);
        GrantResult grant = keycloak.directGrant(ROTATION, ADMIN, ADMIN, OFFLINE_SCOPE);
        assertTrue(grant.ok(), grant.toString());
        key = node.service().importToken(ADMIN, grant.refreshToken()).key();
        sessionId = KeycloakNode.sessionId(grant.refreshToken());
        clock.advance(KeycloakNode.NEXT_WINDOW);
    }

    @AfterEach
    void endTheTestsSession() {
        KeycloakNode.endSession(keycloak, sessionId);
    }

    @Test
    void consentsDeletedByTheAdminThenRevokedWithOfflineUserSessionNotFound() {
        keycloak.deleteConsents(ADMIN, CLIENT_ID);

        assertRevokedBy("invalid_grant", SESSION_NOT_FOUND);
    }

    @Test
    void offlineSessionDeletedByTheAdminThenRevokedWithOfflineUserSessionNotFound() {
        keycloak.deleteSession(sessionId, true);

        assertRevokedBy("invalid_grant", SESSION_NOT_FOUND);
    }

    @Test
    void userLoggedOutByTheAdminThenRevokedWithStaleToken() throws Exception {
        waitForTheSecondAfter(issuedAt(storedToken()));

        keycloak.logoutUser(ADMIN);

        assertRevokedBy("invalid_grant", "Stale token");
    }

    @Test
    void userDisabledThenRevokedWithUserDisabledAndTheRowStaysRevokedOnceEnabledAgain() {
        try {
            keycloak.setUserEnabled(ADMIN, false);
            assertRevokedBy("invalid_grant", "User disabled");
        } finally {
            keycloak.setUserEnabled(ADMIN, true);
        }
        assertThrows(OfflineGrantRevokedException.class, () -> node.service().accessToken(ADMIN));
        assertEquals(GrantStatus.REVOKED, info().status(), "revoked is final: the user signs in again");
    }

    @Test
    void offlineAccessRoleTakenAwayThenRevokedWithOfflineAccessNotGrantedAnymore() {
        try {
            keycloak.revokeRealmRole(ADMIN, "offline_access");
            assertRevokedBy("invalid_grant", "Offline session invalid because offline access not granted anymore");
        } finally {
            keycloak.grantRealmRole(ADMIN, "offline_access");
        }
    }

    @Test
    void revokedThroughTheServiceThenKeycloakEndedTheSessionAndTheRowSaysRevokedByTheApplication() {
        String stored = storedToken();

        node.service().revoke(ADMIN);

        GrantInfo row = info();
        assertEquals(GrantStatus.REVOKED, row.status());
        assertEquals("revoked_by_application", row.revokedError());
        GrantResult refresh = keycloak.refresh(stored);
        assertEquals("invalid_grant", refresh.error(), refresh.toString());
        assertEquals(SESSION_NOT_FOUND, refresh.errorDescription(), "RFC 7009 revocation reached Keycloak");
        int refreshes = node.endpoint().refreshes();
        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> node.service().accessToken(ADMIN));
        assertEquals("revoked_by_application", e.error());
        assertEquals(refreshes, node.endpoint().refreshes(), "a revoked row is not sent to Keycloak again");
    }

    @Test
    void bobWithoutOfflineAccessGetsNoOfflineTokenAndHisOnlineTokenIsNotImported() {
        GrantResult offline = keycloak.directGrant(ROTATION, BOB, BOB, OFFLINE_SCOPE);
        assertEquals(400, offline.status());
        assertEquals("not_allowed", offline.error());
        assertEquals("Offline tokens not allowed for the user or client", offline.errorDescription());
        GrantResult online = keycloak.directGrant(ROTATION, BOB, BOB, "openid");
        assertTrue(online.ok(), online.toString());
        assertEquals("Refresh", online.refreshTokenType());
        long rows = store.count();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> node.service().importToken(BOB, online.refreshToken()));

        assertTrue(e.getMessage().contains("not an offline token"), e.getMessage());
        assertFalse(node.service().find(BOB).isPresent(), "nothing stored for bob");
        assertEquals(rows, store.count());
    }

    /** The next call fails with the provider's error, and the row is marked revoked with it, not deleted. */
    private void assertRevokedBy(String error, String description) {
        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> node.service().accessToken(ADMIN));
        assertEquals(error, e.error());
        assertEquals(description, e.errorDescription());
        assertEquals(ADMIN, e.user());
        GrantInfo row = info();
        assertEquals(GrantStatus.REVOKED, row.status());
        assertEquals(error, row.revokedError());
        assertEquals(description, row.revokedReason());
        assertNotNull(row.revokedAt());
        assertEquals(List.of(description), node.endpoint().refusals(), "one refusal; the re-read sent nothing");
    }

    private GrantInfo info() {
        return node.service().find(ADMIN).orElseThrow();
    }

    private String storedToken() {
        return cipher.open(store.find(key).orElseThrow().refreshToken(), key);
    }

    private static Instant issuedAt(String token) throws java.text.ParseException {
        return JWTParser.parse(token).getJWTClaimsSet().getIssueTime().toInstant();
    }

    /**
     * Keycloak's not-before has a resolution of one second and spares tokens issued in that very second; the token
     * under test must be strictly older than the logout. (Waits for the real server's clock, at most one second.)
     */
    private static void waitForTheSecondAfter(Instant issuedAt) throws InterruptedException {
        while (Instant.now().getEpochSecond() <= issuedAt.getEpochSecond()) {
            Thread.sleep(20);
        }
    }
}
