package dev.offlineaccess.testing;

import com.nimbusds.jwt.JWTClaimsSet;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The refresh-token grant of the fake provider, with Keycloak 26's checks and error strings in Keycloak's order:
 * signature, issuer, client, session, user enabled, "not before", client still in session, idle timeout, offline
 * role, consent, and — with rotation on — reuse (max reuse 0: a second use kills the whole grant). Also counts
 * refreshes. Runs under the realm's lock.
 */
final class FakeRefreshRules {
    private final FakeRealm realm;
    final AtomicLong calls = new AtomicLong();
    final AtomicLong successes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final Map<String, AtomicLong> callsPerUser = new ConcurrentHashMap<>();

    /** A refresh token that passed every check but use counting. */
    record Checked(FakeSession session, FakeUserState user, FakeSession.RefreshRecord record) {
    }

    FakeRefreshRules(FakeRealm realm) {
        this.realm = realm;
    }

    Map<String, Object> refresh(String refreshToken, String scope) throws OAuthError {
        calls.incrementAndGet();
        FakeRealm.Pending pending;
        synchronized (realm) {
            try {
                pending = refreshLocked(refreshToken, scope);
            } catch (OAuthError e) {
                failures.incrementAndGet();
                throw e;
            }
        }
        Map<String, Object> answer = realm.tokens.answer(pending.grant(), pending.refreshToken());
        successes.incrementAndGet();
        return answer;
    }

    private FakeRealm.Pending refreshLocked(String refreshToken, String scope) throws OAuthError {
        Checked checked = check(refreshToken, true);
        if (realm.settings.rotation && checked.record().uses > 0) {
            checked.session().clientRemoved = true;
            throw OAuthError.invalidGrant("Maximum allowed refresh token reuse exceeded");
        }
        checked.record().uses++;
        Set<String> scopes = checked.session().scopes;
        if (scope != null) {
            Set<String> asked = new LinkedHashSet<>(FakeRealm.grantedScopes(scope));
            if (!scopes.containsAll(asked)) {
                asked.removeAll(scopes);
                throw new OAuthError(400, "invalid_scope", "Invalid scopes: " + String.join(" ", asked));
            }
            scopes = asked;
        }
        return realm.renew(checked.session(), checked.user().user, scopes, null);
    }

    /** Every check but reuse; {@code count} says whether to count the call for the token's user. */
    Checked check(String refreshToken, boolean count) throws OAuthError {
        JWTClaimsSet claims = refreshToken == null ? null : realm.keys.verifyRefreshToken(refreshToken);
        if (claims == null) {
            throw OAuthError.invalidGrant("Invalid refresh token");
        }
        FakeSession session = realm.sessions.get(String.valueOf(claims.getClaim("sid")));
        if (count) {
            String user = session == null ? "(unknown session)" : session.username;
            callsPerUser.computeIfAbsent(user, u -> new AtomicLong()).incrementAndGet();
        }
        if (!realm.settings.issuer.equals(claims.getIssuer())) {
            throw OAuthError.invalidGrant("Invalid token issuer. Expected '" + realm.settings.issuer + "'");
        }
        if (!realm.settings.clientId.equals(claims.getClaim("azp"))) {
            throw OAuthError.invalidGrant("Invalid refresh token. Token client and authorized client don't match");
        }
        boolean offline = "Offline".equals(claims.getClaim("typ"));
        Instant now = realm.settings.clock.instant();
        if (!offline && claims.getExpirationTime() != null && now.isAfter(claims.getExpirationTime().toInstant())) {
            throw OAuthError.invalidGrant("Refresh token expired");
        }
        if (session == null || session.offline != offline) {
            throw OAuthError.invalidGrant(offline ? "Offline user session not found" : "Session not active");
        }
        return checkSession(session, claims.getJWTID(), offline, now);
    }

    private Checked checkSession(FakeSession session, String jti, boolean offline, Instant now) throws OAuthError {
        FakeUserState user = realm.users.get(session.username);
        FakeSession.RefreshRecord record = session.refreshTokens.get(jti);
        if (!user.enabled) {
            throw OAuthError.invalidGrant("User disabled");
        }
        if (record == null || record.sequence <= user.notBeforeSequence) {
            throw OAuthError.invalidGrant("Stale token");
        }
        if (session.clientRemoved) {
            throw OAuthError.invalidGrant("Session doesn't have required client");
        }
        if (now.isAfter(session.lastUse.plus(offline ? realm.settings.offlineIdleTimeout
                : realm.settings.onlineIdleTimeout))) {
            throw OAuthError.invalidGrant(offline ? "Offline session not active" : "Session not active");
        }
        if (offline && !user.user.offlineAllowed()) {
            throw OAuthError.invalidGrant("Offline session invalid because offline access not granted anymore");
        }
        if (!user.consent) {
            throw new OAuthError(400, "invalid_scope", "Client no longer has requested consent from user");
        }
        return new Checked(session, user, record);
    }

    /** Whether the token would be accepted now (without using it). */
    boolean wouldAccept(String refreshToken) {
        synchronized (realm) {
            try {
                Checked checked = check(refreshToken, false);
                return !(realm.settings.rotation && checked.record().uses > 0);
            } catch (OAuthError e) {
                return false;
            }
        }
    }

    /** The user's refresh tokens that would be accepted now. */
    Set<String> validTokens(String username) {
        synchronized (realm) {
            Set<String> valid = new LinkedHashSet<>();
            for (FakeSession session : realm.sessionsOf(username)) {
                for (FakeSession.RefreshRecord record : session.refreshTokens.values()) {
                    if (wouldAccept(record.token)) {
                        valid.add(record.token);
                    }
                }
            }
            return Set.copyOf(valid);
        }
    }
}
