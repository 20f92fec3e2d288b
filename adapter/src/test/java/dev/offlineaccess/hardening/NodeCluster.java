package dev.offlineaccess.hardening;

import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.TokenCipher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the multi-JVM runs share: one embedded PostgreSQL, the fake provider (rotation and reuse detection on) in this
 * JVM, {@code users} users with a stored offline grant each (imported through this JVM's own token service, which
 * also serves the checks), and child JVMs running {@link TokenNode}. Optionally keeps the provider's clock on real
 * time, for runs whose nodes use the system clock to decide expiry. Not thread-safe.
 */
final class NodeCluster implements AutoCloseable {
    final FakeOpenIdProvider op;
    final EmbeddedPostgres postgres;
    final String jdbcUrl;
    final String key = TokenCipher.generateKey();
    final OfflineTokenService service;
    private final JpaGrantStore store;
    private final TokenCipher cipher;
    private final int users;
    private final Duration skew;
    private final List<Process> children = new ArrayList<>();
    private ScheduledExecutorService ticker;

    NodeCluster(int users, Duration accessTokenLifetime, Duration skew) throws IOException {
        this.users = users;
        this.skew = skew;
        op = FakeOpenIdProvider.builder().rotation(true).accessTokenLifetime(accessTokenLifetime).start();
        postgres = EmbeddedPostgres.builder().start();
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        StoreSettings settings = new StoreSettings(jdbcUrl, "postgres", null, Path.of("target", "unused-h2"),
                List.of(new StoreSettings.EncryptionKeySetting("k1", new Secret(key))), false,
                Path.of("target", "unused-key"), new StoreSettings.KeepAliveSettings(false, Duration.ofDays(30), 0.5,
                Duration.ofHours(1)));
        store = JpaGrantStore.open(settings, op.issuer().toString(), op.clientId());
        cipher = TokenCipher.of(settings.keys());
        service = OfflineTokenService.builder().client(op.clientSettings())
                .tokenEndpoint(new OidcProvider(op.clientSettings(), new HttpSettings(Duration.ofSeconds(5),
                        Duration.ofSeconds(10), skew), Set.of("RS256"), Clock.systemUTC()))
                .store(store).cipher(cipher).clockSkew(skew).build();
        for (int i = 0; i < users; i++) {
            op.addUser(TokenNode.user(i));
            seed(TokenNode.user(i));
        }
    }

    /** The refresh token the database holds for the user, decrypted. */
    String storedRefreshToken(String user) {
        dev.offlineaccess.tokens.StoredGrant row = store.findByPrincipal(user).orElseThrow();
        return cipher.open(row.refreshToken(), row.key());
    }

    /** Whether the grant the database holds for the user still works at the provider. */
    boolean usable(String user) {
        return op.validRefreshTokens(user).contains(storedRefreshToken(user));
    }

    /** Stores a fresh offline grant for the user (a direct grant, proven with one refresh). */
    void seed(String user) {
        service.importToken(user, String.valueOf(op.passwordGrant(user, "openid offline_access")
                .get("refresh_token")));
    }

    /** Keeps the provider's clock on the system clock (every 20 ms). */
    void tickProviderClock() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "provider-clock");
            t.setDaemon(true);
            return t;
        });
        op.clock().set(Instant.now());
        ticker.scheduleAtFixedRate(() -> op.clock().set(Instant.now()), 20, 20, TimeUnit.MILLISECONDS);
    }

    /** Starts a {@link TokenNode} JVM. */
    Process node(String mode, int threads, int requests, int maxPauseMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, TokenNode.class.getName(), mode,
                jdbcUrl, "postgres", op.issuer().toString(), op.clientId(), op.clientSecret(), key,
                Integer.toString(users), Integer.toString(threads), Integer.toString(requests),
                Long.toString(skew.toMillis()), Integer.toString(maxPauseMillis))
                .redirectErrorStream(true).start();
        children.add(process);
        return process;
    }

    @Override
    public void close() throws IOException {
        for (Process child : children) {
            child.destroyForcibly();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        store.close();
        op.close();
        postgres.close();
    }
}
