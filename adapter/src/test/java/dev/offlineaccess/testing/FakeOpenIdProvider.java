package dev.offlineaccess.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API skeleton of the in-JVM fake OpenID Provider; behaviour follows in the next commits.
 */
public final class FakeOpenIdProvider implements AutoCloseable {
    public static final String DEFAULT_CLIENT_ID = "customer-portal";
    public static final String DEFAULT_CLIENT_SECRET = "customer-portal-secret-0123456789abcdef";
    public static final String DEFAULT_REALM_PATH = "/realms/test";

    public static FakeOpenIdProvider start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        public Builder realmPath(String path) { return this; }
        public Builder clientId(String clientId) { return this; }
        public Builder clientSecret(String secret) { return this; }
        public Builder publicClient() { return this; }
        public Builder clock(TestClock clock) { return this; }
        public Builder rotation(boolean on) { return this; }
        public Builder accessTokenLifetime(Duration lifetime) { return this; }
        public FakeOpenIdProvider start() { throw todo(); }
    }

    public URI issuer() { throw todo(); }
    public URI baseUri() { throw todo(); }
    public int port() { throw todo(); }
    public String clientId() { throw todo(); }
    public String clientSecret() { throw todo(); }
    public TestClock clock() { throw todo(); }
    public URI endpoint(Endpoint endpoint) { throw todo(); }

    public FakeUser addUser(String username) { throw todo(); }
    public FakeUser addUserWithoutOfflineAccess(String username) { throw todo(); }
    public FakeUser addUser(String username, String subject, Set<String> realmRoles, boolean offlineAllowed,
                            Map<String, Object> claims) { throw todo(); }
    public FakeUser user(String username) { throw todo(); }
    public FakeOpenIdProvider nextLogin(String username) { throw todo(); }
    public FakeOpenIdProvider defaultUser(String username) { throw todo(); }
    public FakeOpenIdProvider denyNextLogin() { throw todo(); }

    public FakeOpenIdProvider rotation(boolean on) { throw todo(); }
    public FakeOpenIdProvider accessTokenLifetime(Duration lifetime) { throw todo(); }
    public FakeOpenIdProvider offlineIdleTimeout(Duration timeout) { throw todo(); }

    public void revokeOfflineSessions(String username) { throw todo(); }
    public void logoutUser(String username) { throw todo(); }
    public void disableUser(String username) { throw todo(); }
    public void enableUser(String username) { throw todo(); }
    public void revokeConsent(String username) { throw todo(); }
    public void removeOfflineRole(String username) { throw todo(); }

    public String rotateSigningKey() { throw todo(); }
    public String currentKeyId() { throw todo(); }
    public Set<String> publishedKeyIds() { throw todo(); }
    public String signJwt(Map<String, Object> claims) { throw todo(); }
    public String mintLogoutToken(String username) { throw todo(); }

    public FakeOpenIdProvider fail(Endpoint endpoint, Fault fault) { throw todo(); }
    public FakeOpenIdProvider delay(Endpoint endpoint, Duration delay) { throw todo(); }
    public FakeOpenIdProvider heal() { throw todo(); }
    public FakeOpenIdProvider idTokenFault(IdTokenFault fault) { throw todo(); }
    public FakeOpenIdProvider userInfoSubjectMismatch(boolean on) { throw todo(); }
    public FakeOpenIdProvider wrongCallbackIssuer(boolean on) { throw todo(); }
    public void stop() { throw todo(); }
    public void restart() { throw todo(); }

    public long refreshCount() { throw todo(); }
    public long refreshCount(String username) { throw todo(); }
    public long successfulRefreshCount() { throw todo(); }
    public long failedRefreshCount() { throw todo(); }
    public long requestCount(Endpoint endpoint) { throw todo(); }
    public Optional<RecordedRequest> lastRequest(Endpoint endpoint) { throw todo(); }
    public Set<String> validRefreshTokens(String username) { throw todo(); }
    public int offlineSessionCount(String username) { throw todo(); }

    @Override
    public void close() {
    }

    private static UnsupportedOperationException todo() {
        return new UnsupportedOperationException("not yet");
    }
}
