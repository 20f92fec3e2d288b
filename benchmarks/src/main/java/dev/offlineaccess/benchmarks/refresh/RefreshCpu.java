package dev.offlineaccess.benchmarks.refresh;

import dev.offlineaccess.benchmarks.support.CpuMeter;
import dev.offlineaccess.benchmarks.support.Report;
import dev.offlineaccess.benchmarks.support.Settings;
import dev.offlineaccess.benchmarks.support.SteppingClock;
import dev.offlineaccess.benchmarks.support.TokenServices;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.GrantResult;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.tokens.OfflineTokenService;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Diagnostic: the CPU this JVM spends per refresh through the token API (H2 store, real Keycloak, one call at a
 * time, every call a refresh), next to what Keycloak spends, after a warm-up, with this JVM's CPU by thread. Run it
 * under a profiler to see where the JVM's share goes. Arguments: {@code warmupCalls calls [postgres]}.
 */
public final class RefreshCpu {
    private RefreshCpu() {
    }

    /** CPU ticks (1/100 s) per thread name of this process, threads of the same name summed, from /proc. */
    static java.util.Map<String, Long> threadTicks() throws java.io.IOException {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "N");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        URI base = KeycloakServer.baseUrl();
        String issuer = base + "/realms/" + DemoRealms.DEMO;
        GrantResult grant = new KeycloakAdmin(base, DemoRealms.DEMO)
                .directGrant(DemoRealms.ALICE, DemoRealms.ALICE, DemoRealms.OFFLINE_SCOPE);
        if (!grant.ok()) {
            throw new IllegalStateException("password grant failed: " + grant.error());
        }
        boolean onPostgres = args.length > 2 && args[2].equals("postgres");
        Path dir = Files.createTempDirectory("bench-refresh-cpu");
        dev.offlineaccess.benchmarks.support.Postgres postgres = onPostgres
                ? dev.offlineaccess.benchmarks.support.Postgres.start() : null;
        OidcSettings settings = Settings.load(Settings.config(issuer, DemoRealms.CLIENT_ID, DemoRealms.CLIENT_SECRET,
                onPostgres ? Settings.store(null, postgres.createDatabase("cpu"), "postgres")
                        : Settings.store(dir.resolve("tokens"), null, null)));
        SteppingClock clock = new SteppingClock();
        try (JpaGrantStore store = TokenServices.openStore(settings)) {
            OfflineTokenService tokens = TokenServices.service(settings, store, clock, Duration.ofSeconds(60));
            tokens.importToken(DemoRealms.ALICE, grant.refreshToken());
            for (int i = 0; i < warmup; i++) {
                clock.advance(Duration.ofHours(1));
                tokens.accessToken(DemoRealms.ALICE);
            }
            java.util.Map<String, Long> threadsBefore = threadTicks();
            CpuMeter.Snapshot before = CpuMeter.snapshot();
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                clock.advance(Duration.ofHours(1));
                tokens.accessToken(DemoRealms.ALICE);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Report.line("- %d refreshes through the token API (%s) in %.1f s: %.2f ms each; %s", calls,
                    onPostgres ? "PostgreSQL" : "H2", seconds,
                    seconds * 1000 / calls, CpuMeter.snapshot().perUnitSince(before, calls));
            java.util.Map<String, Long> after = threadTicks();
            after.entrySet().stream().map(e -> java.util.Map.entry(e.getKey(),
                            e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0).sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
                    .forEach(e -> Report.line("  - thread %s: %.3f ms per refresh", e.getKey(),
                            e.getValue() * 10.0 / calls));
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
