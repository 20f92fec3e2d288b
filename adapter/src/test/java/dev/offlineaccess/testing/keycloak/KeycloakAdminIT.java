package dev.offlineaccess.testing.keycloak;

import static dev.offlineaccess.testing.keycloak.DemoRealms.ADMIN;
import static dev.offlineaccess.testing.keycloak.DemoRealms.ALICE;
import static dev.offlineaccess.testing.keycloak.DemoRealms.CLIENT_ID;
import static dev.offlineaccess.testing.keycloak.DemoRealms.DEMO;
import static dev.offlineaccess.testing.keycloak.DemoRealms.OFFLINE_SCOPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each {@link KeycloakAdmin} operation against the real server, checked by what it does to an offline token.
 * Operations that change a user run on {@code admin} and are undone in {@code finally}.
 */
@ExtendWith(KeycloakServer.class)
class KeycloakAdminIT {

    private final KeycloakAdmin demo = KeycloakAdmin.forRealm(DEMO);

    @Test
    void userIdIsTheSubjectOfTheUsersTokens() throws ParseException {
        GrantResult grant = demo.directGrant(ALICE, ALICE, "openid");

        assertEquals(claims(grant.accessToken()).getSubject(), demo.userId(ALICE));
    }

    @Test
    void onlineAndOfflineSessionsAreListedAndADeletedOfflineSessionEndsTheGrant() throws ParseException {
        GrantResult online = demo.directGrant(ALICE, ALICE, "openid");
        GrantResult offline = demo.directGrant(ALICE, ALICE, OFFLINE_SCOPE);
        String onlineSid = claims(online.refreshToken()).getStringClaim("sid");
        String offlineSid = claims(offline.refreshToken()).getStringClaim("sid");

        assertTrue(ids(demo.sessions(ALICE)).contains(onlineSid));
        List<SessionInfo> offlineSessions = demo.offlineSessions(ALICE, CLIENT_ID);
        SessionInfo listed = offlineSessions.stream().filter(s -> s.id().equals(offlineSid)).findFirst().orElseThrow();
        assertEquals(ALICE, listed.username());
        assertTrue(listed.clientIds().contains(CLIENT_ID), listed.clientIds().toString());

        demo.deleteSession(offlineSid, true);

        assertRefusedWith("Offline user session not found", demo.refresh(offline.refreshToken()));
        assertFalse(ids(demo.offlineSessions(ALICE, CLIENT_ID)).contains(offlineSid));
    }

    @Test
    void deletingTheConsentEndsTheOfflineGrant() {
        GrantResult offline = demo.directGrant(ALICE, ALICE, OFFLINE_SCOPE);

        demo.deleteConsents(ALICE, CLIENT_ID);

        assertRefusedWith("Offline user session not found", demo.refresh(offline.refreshToken()));
    }

    @Test
    void aRevokedOfflineTokenCannotBeRefreshed() {
        GrantResult offline = demo.directGrant(ALICE, ALICE, OFFLINE_SCOPE);

        assertEquals(200, demo.revoke(offline.refreshToken()));

        assertRefusedWith("Offline user session not found", demo.refresh(offline.refreshToken()));
    }

    @Test
    void aDisabledUserCannotRefreshUntilEnabledAgain() {
        GrantResult offline = demo.directGrant(ADMIN, ADMIN, OFFLINE_SCOPE);
        try {
            demo.setUserEnabled(ADMIN, false);
            assertRefusedWith("User disabled", demo.refresh(offline.refreshToken()));
        } finally {
            demo.setUserEnabled(ADMIN, true);
        }
        assertTrue(demo.refresh(offline.refreshToken()).ok());
        assertTrue(demo.directGrant(ADMIN, ADMIN, OFFLINE_SCOPE).ok(), "the profile survived the update");
    }

    @Test
    void loggingOutAUserMakesEveryOlderOfflineTokenStale() throws Exception {
        GrantResult offline = demo.directGrant(ADMIN, ADMIN, OFFLINE_SCOPE);
        waitForTheNextSecondAfter(claims(offline.refreshToken()).getIssueTime().toInstant());

        demo.logoutUser(ADMIN);

        assertRefusedWith("Stale token", demo.refresh(offline.refreshToken()));
        assertTrue(demo.directGrant(ADMIN, ADMIN, OFFLINE_SCOPE).ok(), "tokens issued afterwards work");
    }

    @Test
    void withoutTheOfflineAccessRoleOfflineTokensAreRefused() {
        GrantResult offline = demo.directGrant(ADMIN, ADMIN, OFFLINE_SCOPE);
        try {
            demo.revokeRealmRole(ADMIN, "offline_access");
            assertRefusedWith("Offline session invalid because offline access not granted anymore",
                    demo.refresh(offline.refreshToken()));
            assertEquals("not_allowed", demo.directGrant(ADMIN, ADMIN, OFFLINE_SCOPE).error());
        } finally {
            demo.grantRealmRole(ADMIN, "offline_access");
        }
        assertTrue(demo.directGrant(ADMIN, ADMIN, OFFLINE_SCOPE).ok());
    }

    private static void assertRefusedWith(String description, GrantResult result) {
        assertEquals(400, result.status(), result.toString());
        assertEquals("invalid_grant", result.error(), result.toString());
        assertEquals(description, result.errorDescription());
    }

    private static JWTClaimsSet claims(String jwt) throws ParseException {
        return JWTParser.parse(jwt).getJWTClaimsSet();
    }

    private static List<String> ids(List<SessionInfo> sessions) {
        return sessions.stream().map(SessionInfo::id).toList();
    }

    /**
     * Keycloak's not-before has a resolution of one second and spares tokens issued in that very second;
     * the token under test must be strictly older than the logout.
     */
    private static void waitForTheNextSecondAfter(Instant issuedAt) throws InterruptedException {
        while (Instant.now().getEpochSecond() <= issuedAt.getEpochSecond()) {
            Thread.sleep(50);
        }
    }
}
