package dev.offlineaccess.testing;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fake provider's state: users, sessions, authorization codes, issued refresh tokens. Every method runs under
 * this object's lock (simple, and fast enough for a hundred concurrent callers). The refresh-token rules are in
 * {@link FakeRefreshRules}; Keycloak's error strings are reproduced exactly.
 */
final class FakeRealm {
    static final Set<String> SUPPORTED_SCOPES = Set.of("openid", "profile", "email", "offline_access", "roles",
            "address", "phone", "web-origins", "acr", "basic");
    private static final SecureRandom RANDOM = new SecureRandom();

    final FakeSettings settings;
    final FakeTokens tokens;
    final FakeKeys keys;
    final Map<String, FakeUserState> users = new LinkedHashMap<>();
    final Map<String, FakeSession> sessions = new HashMap<>();
    final Set<String> revokedAccessTokens = new HashSet<>();
    private final Map<String, Code> codes = new HashMap<>();
    private final Deque<String> nextLogins = new ArrayDeque<>();
    private String defaultUser;
    private int denials;
    private String lastCode;
    private long sequence;

    /** An authorization code waiting for its exchange. */
    private record Code(String username, String sid, String redirectUri, String challenge, String nonce,
                        Set<String> scopes, Instant issuedAt) {
    }

    /** The outcome of a login at the authorization endpoint: a code, or a denial. */
    record Login(String code, String sid) {
    }

    FakeRealm(FakeSettings settings, FakeKeys keys) {
        this.settings = settings;
        this.keys = keys;
        this.tokens = new FakeTokens(settings, keys);
    }

    synchronized FakeUser addUser(FakeUser user) {
        users.put(user.username(), new FakeUserState(user));
        return user;
    }

    synchronized FakeUserState state(String username) {
        FakeUserState state = users.get(username);
        if (state == null) {
            throw new IllegalArgumentException("no user '" + username + "' in the fake provider");
        }
        return state;
    }

    synchronized void nextLogin(String username) {
        state(username);
        nextLogins.add(username);
    }

    synchronized void defaultUser(String username) {
        state(username);
        defaultUser = username;
    }

    synchronized void denyNextLogin() {
        denials++;
    }

    synchronized String lastIssuedCode() {
        return lastCode;
    }

    long nextSequence() {
        return ++sequence;
    }

    /** Logs the configured user in; {@code null} when the login is denied (or nobody could log in). */
    synchronized Login login(String redirectUri, String challenge, String nonce, Set<String> scopes) {
        String username = nextLogins.isEmpty() ? defaultUser : nextLogins.poll();
        if (username == null && users.size() == 1) {
            username = users.keySet().iterator().next();
        }
        if (denials > 0 || username == null || !users.get(username).enabled) {
            denials = Math.max(0, denials - 1);
            return null;
        }
        Instant now = settings.clock.instant();
        FakeSession session = new FakeSession(randomId(18), username, now, scopes);
        sessions.put(session.sid, session);
        String code = randomId(24) + "." + session.sid + "." + settings.clientId;
        codes.put(code, new Code(username, session.sid, redirectUri, challenge, nonce, scopes, now));
        lastCode = code;
        return new Login(code, session.sid);
    }

    Map<String, Object> exchangeCode(String code, String redirectUri, String verifier) throws OAuthError {
        Pending pending;
        synchronized (this) {
            pending = exchangeCodeLocked(code, redirectUri, verifier);
        }
        return tokens.answer(pending.grant(), pending.refreshToken());
    }

    private Pending exchangeCodeLocked(String code, String redirectUri, String verifier) throws OAuthError {
        Code grant = code == null ? null : codes.remove(code);
        Instant now = settings.clock.instant();
        if (grant == null || now.isAfter(grant.issuedAt().plus(settings.codeLifetime))) {
            throw OAuthError.invalidGrant("Code not valid");
        }
        if (!grant.redirectUri().equals(redirectUri)) {
            throw OAuthError.invalidGrant("Incorrect redirect_uri");
        }
        if (grant.challenge() != null) {
            if (verifier == null) {
                throw OAuthError.invalidGrant("PKCE code verifier not specified");
            }
            if (!CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue()
                    .equals(grant.challenge())) {
                throw OAuthError.invalidGrant("PKCE verification failed: Code mismatch");
            }
        }
        FakeUserState user = users.get(grant.username());
        FakeSession session = sessions.get(grant.sid());
        if (session == null || !user.enabled) {
            throw OAuthError.invalidGrant("Session not active");
        }
        return issueFor(session, user, grant.scopes(), grant.nonce());
    }

    Map<String, Object> passwordGrant(String username, String password, Set<String> scopes) throws OAuthError {
        Pending pending;
        synchronized (this) {
            pending = passwordGrantLocked(username, password, scopes);
        }
        return tokens.answer(pending.grant(), pending.refreshToken());
    }

    private Pending passwordGrantLocked(String username, String password, Set<String> scopes) throws OAuthError {
        FakeUserState user = users.get(username);
        if (user == null || !user.user.password().equals(password)) {
            throw new OAuthError(401, "invalid_grant", "Invalid user credentials");
        }
        if (!user.enabled) {
            throw OAuthError.invalidGrant("Account disabled");
        }
        FakeSession session = new FakeSession(randomId(18), username, settings.clock.instant(), scopes);
        sessions.put(session.sid, session);
        return issueFor(session, user, scopes, null);
    }

    Map<String, Object> clientCredentials(Set<String> scopes) {
        FakeUser serviceAccount = new FakeUser("service-account-" + settings.clientId,
                "service-" + settings.clientId, "-", Set.of("default-roles-" + settings.realmName), Set.of(),
                false, Map.of());
        Set<String> granted = new LinkedHashSet<>(scopes);
        granted.remove("offline_access");
        return tokens.serviceAccountTokens(serviceAccount, granted);
    }

    /** Tokens decided under the lock, to be signed outside it. */
    record Pending(FakeTokens.Grant grant, String refreshToken) {
    }

    /** Starts issuing for a session, making it offline when {@code offline_access} is asked for and allowed. */
    Pending issueFor(FakeSession session, FakeUserState user, Set<String> scopes, String nonce) throws OAuthError {
        if (scopes.contains("offline_access")) {
            if (!user.user.offlineAllowed()) {
                sessions.remove(session.sid);
                throw OAuthError.notAllowed();
            }
            session.offline = true;
        }
        session.scopes = Set.copyOf(scopes);
        return renew(session, user.user, scopes, nonce);
    }

    /** Mints and registers the session's next refresh token; the caller signs the rest outside the lock. */
    Pending renew(FakeSession session, FakeUser user, Set<String> scopes, String nonce) {
        session.lastUse = settings.clock.instant();
        FakeTokens.Grant grant = FakeTokens.Grant.of(session, user, scopes, nonce);
        String jti = java.util.UUID.randomUUID().toString();
        String refreshToken = tokens.refreshToken(grant, jti);
        session.refreshTokens.put(jti, new FakeSession.RefreshRecord(refreshToken, nextSequence()));
        return new Pending(grant, refreshToken);
    }

    /** The requested scopes Keycloak would grant: known ones, plus the default {@code profile} and {@code email}. */
    static Set<String> grantedScopes(String requested) {
        Set<String> scopes = new LinkedHashSet<>();
        if (requested != null) {
            for (String scope : requested.trim().split("\\s+")) {
                if (SUPPORTED_SCOPES.contains(scope)) {
                    scopes.add(scope);
                }
            }
        }
        scopes.add("profile");
        scopes.add("email");
        return scopes;
    }

    static String randomId(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The user's sessions (a copy). */
    synchronized List<FakeSession> sessionsOf(String username) {
        return sessions.values().stream().filter(s -> s.username.equals(username)).toList();
    }

    /** The claims of a currently valid access token, or {@code null}. */
    synchronized JWTClaimsSet validAccessToken(String token) {
        JWTClaimsSet claims = token == null ? null : keys.verifySigned(token);
        if (claims == null || !"Bearer".equals(claims.getClaim("typ")) || claims.getExpirationTime() == null
                || !settings.clock.instant().isBefore(claims.getExpirationTime().toInstant())
                || revokedAccessTokens.contains(claims.getJWTID())) {
            return null;
        }
        Object sid = claims.getClaim("sid");
        if (sid != null) {
            FakeSession session = sessions.get(sid);
            if (session == null || session.clientRemoved || !users.get(session.username).enabled) {
                return null;
            }
        }
        return claims;
    }
}
