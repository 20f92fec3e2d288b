package dev.offlineaccess.testing;

import com.nimbusds.jwt.JWTClaimsSet;

import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What an administrator (or a test) does to the fake realm behind the client's back, each with the effect Keycloak
 * 26 has on later refreshes; plus hand-minted tokens. Runs under the realm's lock.
 */
final class FakeAdminActions {
    private final FakeRealm realm;

    FakeAdminActions(FakeRealm realm) {
        this.realm = realm;
    }

    void revokeOfflineSessions(String username) {
        synchronized (realm) {
            realm.sessionsOf(username).stream().filter(s -> s.offline).forEach(s -> realm.sessions.remove(s.sid));
        }
    }

    void logoutUser(String username) {
        synchronized (realm) {
            realm.state(username).notBeforeSequence = realm.nextSequence();
            realm.sessionsOf(username).stream().filter(s -> !s.offline).forEach(s -> realm.sessions.remove(s.sid));
        }
    }

    void setEnabled(String username, boolean enabled) {
        synchronized (realm) {
            realm.state(username).enabled = enabled;
        }
    }

    void revokeConsent(String username) {
        synchronized (realm) {
            realm.state(username).consent = false;
        }
    }

    void removeOfflineRole(String username) {
        synchronized (realm) {
            FakeUserState state = realm.state(username);
            Set<String> roles = new HashSet<>(state.user.realmRoles());
            roles.remove("offline_access");
            FakeUser u = state.user;
            state.user = new FakeUser(u.username(), u.subject(), u.password(), roles, u.clientRoles(), false,
                    u.claims());
        }
    }

    Map<String, Object> passwordGrant(String username, String scope) {
        try {
            return realm.passwordGrant(username, realm.state(username).user.password(),
                    FakeRealm.grantedScopes(scope));
        } catch (OAuthError e) {
            throw new IllegalStateException("password grant failed: " + e.getMessage(), e);
        }
    }

    String logoutToken(String username) {
        FakeUser user = realm.state(username).user;
        String sid = realm.sessionsOf(username).stream().max(Comparator.comparing(s -> s.authTime))
                .map(s -> s.sid).orElse(null);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(realm.settings.issuer)
                .audience(realm.settings.clientId).issueTime(Date.from(realm.settings.clock.instant()))
                .jwtID(UUID.randomUUID().toString()).subject(user.subject())
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        if (sid != null) {
            claims.claim("sid", sid);
        }
        return realm.keys.signRs256(claims.build());
    }
}
