package dev.offlineaccess.benchmarks.jmh;

import dev.offlineaccess.benchmarks.support.CountingStore;
import dev.offlineaccess.benchmarks.support.Settings;
import dev.offlineaccess.benchmarks.support.TokenServices;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.OfflineTokenService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measure 3: the token API when the access token is still valid — {@code accessToken(user)} and
 * {@code accessToken(grantKey)} of the real service on the real JPA store (H2 file), after the grant was imported.
 * The store is wrapped in a counter: the tear-down fails the run if a measured call reached the database or the
 * provider was asked for a token.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenCacheHitBenchmark {
    private FakeOpenIdProvider op;
    private JpaGrantStore jpa;
    private CountingStore store;
    private OfflineTokenService service;
    private GrantKey key;
    private long storeCallsBefore;
    private long tokenCallsBefore;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        op = FakeOpenIdProvider.builder().accessTokenLifetime(Duration.ofHours(8)).start();
        op.addUser("alice");
        Path dir = Files.createTempDirectory("bench-cache");
        OidcSettings settings = Settings.load(Settings.config(op.issuer().toString(), op.clientId(),
                op.clientSecret(), Settings.store(dir.resolve("tokens"), null, null)));
        jpa = TokenServices.openStore(settings);
        store = new CountingStore(jpa);
        service = TokenServices.service(settings, store, Clock.systemUTC(), Duration.ofSeconds(60));
        Map<String, Object> grant = op.passwordGrant("alice", "openid offline_access");
        service.importToken("alice", (String) grant.get("refresh_token"));
        key = service.grantKey("sub-alice");
        service.accessToken("alice");
        service.accessToken(key);
        storeCallsBefore = store.calls();
        tokenCallsBefore = op.requestCount(Endpoint.TOKEN);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long storeCalls = store.calls() - storeCallsBefore;
        long tokenCalls = op.requestCount(Endpoint.TOKEN) - tokenCallsBefore;
        jpa.close();
        op.close();
        if (storeCalls != 0 || tokenCalls != 0) {
            throw new IllegalStateException("cache hits reached the store " + storeCalls
                    + " times and the provider " + tokenCalls + " times");
        }
        System.out.println("store calls while measuring: 0, provider calls while measuring: 0");
    }

    @Benchmark
    public AccessToken accessTokenByUser() {
        return service.accessToken("alice");
    }

    @Benchmark
    public AccessToken accessTokenByGrantKey() {
        return service.accessToken(key);
    }
}
