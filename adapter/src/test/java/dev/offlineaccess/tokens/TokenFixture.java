package dev.offlineaccess.tokens;

import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings.EncryptionKeySetting;
import dev.offlineaccess.provider.IssuedTokens;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;

/** One token store, one fake provider, one clock, and as many service instances ("nodes") as a test wants. */
final class TokenFixture {
    static final String ISSUER = "https://op.example/realms/demo";
    static final String CLIENT_ID = "customer-portal";
    static final ClientSettings CLIENT = new ClientSettings(URI.create(ISSUER), CLIENT_ID, new Secret("s3cret"));
    static final Duration SKEW = Duration.ofSeconds(30);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final InMemoryGrantStore store = new InMemoryGrantStore();
    final InProcessTokenEndpoint provider;
    final TokenCipher cipher = cipher("k1");
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final OfflineTokenService service;

    TokenFixture(boolean rotation) {
        provider = new InProcessTokenEndpoint(clock, rotation);
        service = node();
    }

    /** Keycloak's "Revoke Refresh Token" on, max reuse 0. */
    static TokenFixture withRotation() {
        return new TokenFixture(true);
    }

    static TokenCipher cipher(String keyId) {
        return TokenCipher.of(List.of(new EncryptionKeySetting(keyId, new Secret(TokenCipher.generateKey()))));
    }

    /** Another service instance sharing the store and provider, as a second JVM would. */
    OfflineTokenService node() {
        return OfflineTokenService.builder().client(CLIENT).tokenEndpoint(provider).store(store).cipher(cipher)
                .clock(clock).clockSkew(SKEW).sleeper(sleeps::add).build();
    }

    static GrantKey key(String subject) {
        return new GrantKey(ISSUER, CLIENT_ID, subject);
    }

    /** Alice signs in with offline access; her grant is stored. */
    GrantKey login(String principal, String subject) {
        IssuedTokens issued = provider.login(subject);
        service.storeFromLogin(key(subject), principal, issued);
        return key(subject);
    }

    StoredGrant row(GrantKey key) {
        return store.find(key).orElseThrow();
    }

    String storedRefreshToken(GrantKey key) {
        return cipher.open(row(key).refreshToken(), key);
    }

    /** Moves time so the current access tokens are within the clock skew of expiring. */
    void expireAccessTokens() {
        clock.advance(InProcessTokenEndpoint.ACCESS_TOKEN_LIFETIME.minus(SKEW).plusSeconds(1));
    }
}
