package dev.offlineaccess.testing;

import java.time.Duration;

/**
 * The fake provider's tunable behaviour. Every field is volatile: tests flip switches while request threads read
 * them. Package-private; {@link FakeOpenIdProvider} exposes the setters.
 */
final class FakeSettings {
    final String realmPath;
    final String realmName;
    final String clientId;
    final String clientSecret;
    final TestClock clock;
    volatile String issuer;
    volatile boolean rotation;
    volatile Duration accessTokenLifetime = Duration.ofSeconds(60);
    volatile Duration offlineIdleTimeout = Duration.ofDays(30);
    volatile Duration onlineIdleTimeout = Duration.ofMinutes(30);
    volatile Duration codeLifetime = Duration.ofSeconds(60);
    volatile IdTokenFault idTokenFault;
    volatile boolean userInfoSubjectMismatch;
    volatile boolean wrongCallbackIssuer;
    volatile boolean requirePkce = true;
    /** When set, discovery names this issuer instead of the real one. */
    volatile String discoveryIssuer;
    volatile java.util.List<String> tokenEndpointAuthMethods =
            java.util.List.of("client_secret_basic", "client_secret_post");

    FakeSettings(String realmPath, String clientId, String clientSecret, TestClock clock, boolean rotation) {
        this.realmPath = realmPath;
        this.realmName = realmPath.substring(realmPath.lastIndexOf('/') + 1);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
        this.rotation = rotation;
    }

    boolean publicClient() {
        return clientSecret == null;
    }
}
