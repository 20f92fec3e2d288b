package dev.offlineaccess.benchmarks.store;

import dev.offlineaccess.benchmarks.support.Latencies;
import dev.offlineaccess.benchmarks.support.Machine;
import dev.offlineaccess.benchmarks.support.Postgres;
import dev.offlineaccess.benchmarks.support.Report;
import dev.offlineaccess.benchmarks.support.Settings;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.servlet.OidcFilter;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.GrantStore;
import dev.offlineaccess.tokens.StoredGrant;
import dev.offlineaccess.tokens.TokenCipher;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measure 6: the JPA store with 1,000,000 grants in PostgreSQL (zonky). One row is written through the store (real
 * sealed tokens of Keycloak's size), then copied in SQL to fill the table; then, one call at a time with random
 * users: {@code find(key)}, {@code findByPrincipal(name)}, and a write under the row lock ({@code withLock}: select
 * for update, update, commit). Start-up: child JVMs start a Jetty context with the {@code OidcFilter} on the empty
 * and on the full database, taking turns; each reports how long the filter's start took.
 *
 * <p>Arguments: {@code rows lookups writes startupsPerSide}; or {@code startup JDBC_URL} (a child).
 */
public final class StoreScale {
    static final String ISSUER = "http://127.0.0.1:9/realms/bench";
    static final String CLIENT = "customer-portal";

    private StoreScale() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("startup")) {
            startupChild(args[1]);
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int writes = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int startups = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        try (Postgres postgres = Postgres.start()) {
            String full = postgres.createDatabase("grants_full");
            String empty = postgres.createDatabase("grants_empty");
            OidcSettings settings = settings(full);
            Report.section("6. Store at scale: " + String.format("%,d", rows) + " grants in PostgreSQL (zonky "
                    + "embedded), one call at a time");
            try (JpaGrantStore store = JpaGrantStore.open(settings.store(), ISSUER, CLIENT)) {
                fill(store, postgres, rows);
                measure(store, rows, lookups, writes);
            }
            startups(empty, full, startups);
        }
    }

    private static OidcSettings settings(String url) {
        return Settings.load(Settings.config(ISSUER, CLIENT, "secret", Settings.store(null, url, "postgres")));
    }

    static GrantKey key(int i) {
        return new GrantKey(ISSUER, CLIENT, "subject-" + i);
    }

    static String principal(int i) {
        return "user-" + i;
    }

    private static void fill(JpaGrantStore store, Postgres postgres, int rows) throws Exception {
        TokenCipher cipher = TokenCipher.of(List.of(new dev.offlineaccess.config.StoreSettings.EncryptionKeySetting(
                "k1", new dev.offlineaccess.config.Secret(Settings.BENCH_KEY))));
        Random random = new Random(1);
        Instant now = Instant.now();
        StoredGrant seed = new StoredGrant(key(0), principal(0), cipher.seal(tokenLike(random, 760), key(0)),
                cipher.seal(tokenLike(random, 1400), key(0)), now.plusSeconds(300),
                Set.of("openid", "offline_access", "profile", "email"), now, now, null, null, GrantStatus.ACTIVE,
                null, null, null, 0);
        store.save(seed);
        long start = System.nanoTime();
        try (Connection c = postgres.connect("grants_full"); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name ="
                    + " 'oa_offline_grant' ORDER BY ordinal_position")) {
                while (r.next()) {
                    columns.add(r.getString(1));
                }
            }
            List<String> values = columns.stream().map(col -> switch (col) {
                case "subject" -> "'subject-' || g";
                case "principal" -> "'user-' || g";
                default -> col;
            }).toList();
            s.executeUpdate("INSERT INTO oa_offline_grant (" + String.join(", ", columns) + ") SELECT "
                    + String.join(", ", values) + " FROM oa_offline_grant, generate_series(1, " + (rows - 1)
                    + ") AS g WHERE subject = 'subject-0'");
            s.execute("VACUUM ANALYZE oa_offline_grant");
            try (ResultSet r = s.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size("
                    + "'oa_offline_grant')) FROM oa_offline_grant")) {
                r.next();
                Report.line("- filled %,d rows (one written by the store, the others copied in SQL) in %.1f s;"
                        + " table with indexes: %s", r.getLong(1), (System.nanoTime() - start) / 1e9, r.getString(2));
            }
        }
    }

    /** Random base64url text of a token's length: what the cipher seals is never read back here. */
    private static String tokenLike(Random random, int length) {
        byte[] bytes = new byte[length * 3 / 4];
        random.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void measure(GrantStore store, int rows, int lookups, int writes) {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {   // warm-up: JIT, connection pool, PostgreSQL caches
            store.find(key(random.nextInt(rows)));
            store.findByPrincipal(principal(random.nextInt(rows)));
        }
        Latencies find = new Latencies();
        Latencies byName = new Latencies();
        for (int i = 0; i < lookups; i++) {
            GrantKey key = key(random.nextInt(rows));
            long start = System.nanoTime();
            if (store.find(key).isEmpty()) {
                throw new IllegalStateException("missing row");
            }
            find.record(System.nanoTime() - start);
            String name = principal(random.nextInt(rows));
            start = System.nanoTime();
            if (store.findByPrincipal(name).isEmpty()) {
                throw new IllegalStateException("missing row");
            }
            byName.record(System.nanoTime() - start);
        }
        Report.line("- find(key): %s", find.summaryMicros());
        Report.line("- findByPrincipal(name): %s", byName.summaryMicros());
        Report.line("- lookup p99: find **%.2f ms**, findByPrincipal **%.2f ms** (target < 2 ms)",
                find.percentile(99) / 1e6, byName.percentile(99) / 1e6);
        Latencies locked = new Latencies();
        for (int i = 0; i < writes + 500; i++) {
            GrantKey key = key(random.nextInt(rows));
            Instant now = Instant.now();
            long start = System.nanoTime();
            store.withLock(key, current -> {
                StoredGrant g = current.orElseThrow();
                return new GrantStore.Outcome<>(new StoredGrant(g.key(), g.principal(), g.refreshToken(),
                        g.accessToken(), g.accessTokenExpiresAt(), g.scopes(), g.created(), g.lastRefreshed(), now,
                        g.expiresAt(), g.status(), g.revokedError(), g.revokedReason(), g.revokedAt(), g.version()),
                        null);
            });
            if (i >= 500) {
                locked.record(System.nanoTime() - start);
            }
        }
        Report.line("- write with lock (withLock: SELECT ... FOR UPDATE, UPDATE, COMMIT): %s", locked.summaryMicros());
        Report.line("- write-with-lock p99: **%.2f ms**; load %s", locked.percentile(99) / 1e6, Machine.loadAverage());
    }

    private static void startups(String empty, String full, int perSide) throws Exception {
        Latencies emptyTimes = new Latencies();
        Latencies fullTimes = new Latencies();
        for (int i = 0; i < perSide; i++) {
            emptyTimes.record(startChild(empty));
            fullTimes.record(startChild(full));
        }
        Report.line("- filter start-up (Jetty context with OidcFilter, store on PostgreSQL; child JVMs, taking "
                + "turns): empty table %s", emptyTimes.summaryMillis());
        Report.line("  full table %s", fullTimes.summaryMillis());
        Report.line("- start-up median full / empty: **%.2f** (target: independent of the row count, ~1.0)",
                (double) fullTimes.percentile(50) / emptyTimes.percentile(50));
    }

    private static long startChild(String url) throws Exception {
        Path out = Files.createTempFile("startup", ".txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreScale.class.getName(), "startup", url)
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!child.waitFor(120, TimeUnit.SECONDS) || child.exitValue() != 0) {
            throw new IllegalStateException("start-up child failed: " + Files.readString(out));
        }
        String line = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("STARTUP_NANOS ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no timing from the child"));
        Files.delete(out);
        return Long.parseLong(line.substring("STARTUP_NANOS ".length()));
    }

    /** In a fresh JVM: start a Jetty context with the filter on {@code url}, print how long the filter took. */
    private static void startupChild(String url) throws Exception {
        Path dir = Files.createTempDirectory("bench-startup");
        Map<String, Object> config = Settings.config(ISSUER, CLIENT, "secret", Settings.store(null, url, "postgres"));
        Path file = Settings.write(config, dir.resolve("oidc.json"));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        FilterHolder filter = new FilterHolder(OidcFilter.class);
        filter.setName("oidc");
        filter.setInitParameter(OidcFilter.CONFIG_FILE, file.toString());
        context.addFilter(filter, "/secured/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        long start = System.nanoTime();
        server.start();
        long took = System.nanoTime() - start;
        if (!context.isAvailable() || filter.getFilter() == null
                || context.getServletContext().getAttribute("dev.offlineaccess.tokens.OfflineTokens") == null) {
            throw new IllegalStateException("the filter did not start");
        }
        System.out.println("STARTUP_NANOS " + took);
        server.stop();
    }
}
