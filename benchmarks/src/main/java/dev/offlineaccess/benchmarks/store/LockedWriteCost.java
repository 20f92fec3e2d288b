package dev.offlineaccess.benchmarks.store;

import dev.offlineaccess.benchmarks.support.Latencies;
import dev.offlineaccess.benchmarks.support.Machine;
import dev.offlineaccess.benchmarks.support.Postgres;
import dev.offlineaccess.benchmarks.support.Report;
import dev.offlineaccess.benchmarks.support.Settings;
import dev.offlineaccess.benchmarks.support.TokenServices;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.GrantStore;
import dev.offlineaccess.tokens.StoredGrant;
import dev.offlineaccess.tokens.TokenCipher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Diagnostic for measure 4: what the store's side of one refresh costs without the provider. One call is what the
 * token API does around a refresh: take the row lock, open the sealed refresh token, seal a new access and refresh
 * token of Keycloak's sizes, write the row and commit. Measured on the embedded H2 file and on PostgreSQL, back to
 * back and with a pause between calls (as the provider's answer takes milliseconds, caches go cold meanwhile).
 *
 * <p>Arguments: {@code calls pauseMillis}.
 */
public final class LockedWriteCost {
    private static final String ISSUER = "http://localhost:8180/realms/bench";
    private static final String CLIENT = "bench-client";

    private LockedWriteCost() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        long pauseMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Path dir = Files.createTempDirectory("bench-locked-write");
        try (Postgres postgres = Postgres.start()) {
            Map<String, JpaGrantStore> stores = Map.of(
                    "H2", TokenServices.openStore(settings(Settings.store(dir.resolve("tokens"), null, null))),
                    "PostgreSQL", TokenServices.openStore(settings(Settings.store(null,
                            postgres.createDatabase("locked"), "postgres"))));
            TokenCipher cipher = TokenCipher.fromSettings(settings(Settings.store(dir, null, null)).store());
            Report.section("Diagnostic: the store's side of a refresh (" + calls + " calls, pause " + pauseMillis
                    + " ms)");
            for (int round = 0; round < 2; round++) {
                for (var entry : stores.entrySet()) {
                    if (args.length > 2 && !entry.getKey().equals(args[2])) {
                        continue;
                    }
                    Latencies cpu = new Latencies();
                    Latencies l = run(entry.getValue(), cipher, calls, pauseMillis, cpu);
                    Report.line("- %s round %d: %s", entry.getKey(), round, l.summaryMicros());
                    Report.line("  calling thread's CPU: %s", cpu.summaryMicros());
                }
            }
            Report.line("- load average at the end: %s", Machine.loadAverage());
            stores.values().forEach(JpaGrantStore::close);
        }
    }

    private static OidcSettings settings(Map<String, Object> store) {
        return Settings.load(Settings.config(ISSUER, CLIENT, "secret", store));
    }

    private static Latencies run(GrantStore store, TokenCipher cipher, int calls, long pauseMillis,
                                 Latencies cpu) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Random random = new Random(7);
        GrantKey key = new GrantKey(ISSUER, CLIENT, "subject-1");
        String refresh = tokenLike(random, 645);
        String access = tokenLike(random, 1417);
        Instant now = Instant.now();
        store.save(new StoredGrant(key, "alice", cipher.seal(refresh, key), cipher.seal(access, key),
                now.plusSeconds(60), Set.of("openid", "offline_access", "profile", "email"), now, now, null, null,
                GrantStatus.ACTIVE, null, null, null, 0));
        Latencies latencies = new Latencies();
        int warmup = Math.min(1000, calls / 5);
        for (int i = 0; i < warmup + calls; i++) {
            if (pauseMillis > 0) {
                LockSupport.parkNanos(pauseMillis * 1_000_000);
            } else if (pauseMillis < 0) {
                long until = System.nanoTime() - pauseMillis * 1_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            store.withLock(key, current -> {
                StoredGrant g = current.orElseThrow();
                if (cipher.open(g.refreshToken(), key).length() != refresh.length()) {
                    throw new IllegalStateException("wrong token");
                }
                Instant at = Instant.now();
                return new GrantStore.Outcome<>(new StoredGrant(key, g.principal(), cipher.seal(refresh, key),
                        cipher.seal(access, key), at.plusSeconds(60), g.scopes(), g.created(), at, g.lastUsed(),
                        g.expiresAt(), g.status(), null, null, null, g.version()), null);
            });
            if (i >= warmup) {
                latencies.record(System.nanoTime() - start);
                cpu.record(threads.getCurrentThreadCpuTime() - cpuStart);
            }
        }
        return latencies;
    }

    private static String tokenLike(Random random, int length) {
        byte[] bytes = new byte[length * 3 / 4];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
