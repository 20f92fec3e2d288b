package dev.offlineaccess.benchmarks.nightly;

import dev.offlineaccess.benchmarks.support.CorePinning;
import dev.offlineaccess.benchmarks.support.CpuMeter;
import dev.offlineaccess.benchmarks.support.HeapWatch;
import dev.offlineaccess.benchmarks.support.Machine;
import dev.offlineaccess.benchmarks.support.Postgres;
import dev.offlineaccess.benchmarks.support.Report;
import dev.offlineaccess.benchmarks.support.Settings;
import dev.offlineaccess.benchmarks.support.TokenServices;
import dev.offlineaccess.benchmarks.support.Wrk;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.KeepAlive;
import dev.offlineaccess.tokens.KeepAliveReport;
import dev.offlineaccess.tokens.OfflineTokenService;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measure 5: the nightly job over stored users, against Keycloak's own refresh ceiling.
 *
 * <ul>
 *   <li>{@code prepare FILE USERS CONCURRENCY}: creates the throw-away realm ({@link BenchRealm}) with USERS users and
 *   gets each an offline token by a password grant (CONCURRENCY at a time); writes {@code user<TAB>token} lines to
 *   FILE (owner-only).</li>
 *   <li>{@code run FILE USERS CONCURRENCY WRK_SECONDS [pinned]}: in a fresh JVM, imports the first USERS tokens into a token
 *   API on PostgreSQL through {@code importToken}, then runs the two nightly jobs with the service's clock one day
 *   ahead (every stored access token has expired by then, as by the next night): the library's keep-alive with one
 *   refresh request in flight, the keep-alive with CONCURRENCY in flight, and an application job that pages through
 *   {@code list()} and calls {@code accessToken(user)} on CONCURRENCY threads. Each is compared with {@code wrk} replaying the same offline
 *   tokens at Keycloak's token endpoint at the same concurrency (before and after). Heap and CPU per refresh are
 *   watched per job. With {@code pinned}, Keycloak runs on core 0 and this JVM, PostgreSQL and wrk on core 1 (as
 *   when the provider has a host of its own), for the ceiling and the jobs alike.</li>
 *   <li>{@code cleanup}: deletes the realm.</li>
 * </ul>
 */
public final class NightlyJob {
    private static final int PAGE = 500;
    private static final Duration LIVE_SET_EVERY = Duration.ofSeconds(5);

    private NightlyJob() {
    }

    public static void main(String[] args) throws Exception {
        BenchRealm realm = new BenchRealm(KeycloakServer.baseUrl());
        switch (args[0]) {
            case "prepare" -> prepare(realm, Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "run" -> run(realm, Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args.length > 5 && args[5].equals("pinned"));
            case "cleanup" -> realm.delete();
            default -> throw new IllegalArgumentException("prepare, run or cleanup");
        }
    }

    private static void prepare(BenchRealm realm, Path file, int users, int concurrency) throws Exception {
        Report.section("5a. Nightly job: preparing " + users + " users with offline tokens");
        long start = System.nanoTime();
        realm.create(users);
        double created = seconds(start);
        Report.line("- realm with %,d users created through the admin API (partialImport, 500 a call) in %.1f s",
                users, created);
        String[] tokens = new String[users];
        start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> work = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < concurrency; t++) {
            work.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < users; i = next.getAndIncrement()) {
                    tokens[i] = realm.offlineToken(BenchRealm.username(i));
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double granted = seconds(start);
        Report.line("- %,d password grants with scope offline_access (%d at a time) in %.1f s: %.0f grants/s",
                users, concurrency, granted, users / granted);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            lines.add(BenchRealm.username(i) + "\t" + tokens[i]);
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static void run(BenchRealm realm, Path file, int users, int concurrency, int wrkSeconds, boolean pinned)
            throws Exception {
        List<String[]> grants = Files.readAllLines(file, StandardCharsets.UTF_8).stream().limit(users)
                .map(line -> line.split("\t", 2)).toList();
        if (grants.size() < users) {
            throw new IllegalStateException("only " + grants.size() + " tokens prepared");
        }
        HeapWatch heap = new HeapWatch();
        Report.section("5b. Nightly job over " + users + " stored users (PostgreSQL store, concurrency "
                + concurrency + (pinned ? "; Keycloak pinned to core 0, this JVM, PostgreSQL and wrk to core 1"
                : "; all processes sharing both cores") + ")");
        try (Postgres postgres = Postgres.start()) {
            OidcSettings settings = Settings.load(Settings.config(realm.issuer(), BenchRealm.CLIENT_ID,
                    BenchRealm.CLIENT_SECRET, Settings.store(null, postgres.createDatabase("nightly"), "postgres")));
            try (JpaGrantStore store = TokenServices.openStore(settings)) {
                long start = System.nanoTime();
                importAll(settings, store, grants, concurrency);   // its service is garbage once this returns
                Report.line("- imported %,d offline tokens through importToken (%d at a time) in %.1f s", users,
                        concurrency, seconds(start));
                List<String> bodies = grants.stream().map(g -> "grant_type=refresh_token&refresh_token=" + g[1])
                        .toList();
                Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded",
                        "Authorization", "Basic " + Base64.getEncoder().encodeToString((BenchRealm.CLIENT_ID + ":"
                                + BenchRealm.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
                URI tokenEndpoint = realm.tokenEndpoint();
                Report.line("- this benchmark's own token lists (the users' offline tokens, and wrk's request bodies),"
                        + " part of every live-set figure below: %.1f MB",
                        org.openjdk.jol.info.GraphLayout.parseInstance(grants, bodies).totalSize() / 1048576.0);

                CorePinning pinning = new CorePinning();
                if (pinned) {
                    pinning.pin(CpuMeter.keycloak().map(ProcessHandle::pid).toList(), "0")
                            .pin(CpuMeter.postgres().map(ProcessHandle::pid).toList(), "1")
                            .pin(List.of(ProcessHandle.current().pid()), "1");
                }
                try (pinning) {
                    jobs(settings, store, bodies, headers, tokenEndpoint, concurrency, wrkSeconds, heap, users);
                }
            }
        }
    }

    private static void jobs(OidcSettings settings, JpaGrantStore store, List<String> bodies,
                             Map<String, String> headers, URI tokenEndpoint, int concurrency, int wrkSeconds,
                             HeapWatch heap, int users) throws Exception {
        Ceiling ceiling = (threads, connections) -> {
            CpuMeter.Snapshot cpu = CpuMeter.snapshot();
            Wrk.Result result = Wrk.postForm(tokenEndpoint, headers, bodies, threads, connections, wrkSeconds);
            Report.line("  - wrk -t%d -c%d: %s CPU per refresh", threads, connections,
                    CpuMeter.snapshot().perUnitSince(cpu, (int) result.requests()).replaceAll("^.*; ", ""));
            return result;
        };
        keepAliveJob(settings, store, 1, 1, 1, ceiling, heap, users);
        keepAliveJob(settings, store, 2, concurrency, 2, ceiling, heap, users);

        Wrk.Result before = ceiling.measure(2, concurrency);
        Clock night = Clock.offset(Clock.systemUTC(), Duration.ofDays(3));
        OfflineTokenService tokens = TokenServices.service(settings, store, night, Duration.ofSeconds(60));
        System.gc();
        heap.reset();
        long start = System.nanoTime();
        CpuMeter.Snapshot cpu = CpuMeter.snapshot();
        AtomicInteger failed = new AtomicInteger();
        int refreshed;
        try (AutoCloseable live = heap.sampleLiveSet(LIVE_SET_EVERY)) {
            refreshed = applicationJob(tokens, concurrency, failed);
        }
        double jobSeconds = seconds(start);
        String jobHeap = heap.summary() + "; " + CpuMeter.snapshot().perUnitSince(cpu, refreshed);
        Wrk.Result after = ceiling.measure(2, concurrency);
        compare("application job (list() pages, accessToken(user) on " + concurrency + " threads)",
                refreshed, failed.get(), jobSeconds, before, after, jobHeap, users);
    }

    /** Keycloak's refresh rate measured by wrk with so many threads and connections. */
    private interface Ceiling {
        Wrk.Result measure(int threads, int connections) throws Exception;
    }

    /**
     * The library's keep-alive with {@code concurrency} refresh requests in flight, on the night {@code night} days
     * ahead (every grant idle), against wrk with as many connections before and after.
     */
    private static void keepAliveJob(OidcSettings settings, JpaGrantStore store, int night, int concurrency,
                                     int wrkThreads, Ceiling ceiling, HeapWatch heap, int users) throws Exception {
        Wrk.Result before = ceiling.measure(wrkThreads, concurrency);
        OfflineTokenService tokens = TokenServices.service(settings, store,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(night)), Duration.ofSeconds(60));
        KeepAlive keepAlive = tokens.keepAlive(new KeepAliveSettings(true, Duration.ofDays(1), 0.5,
                Duration.ofDays(1), concurrency));
        System.gc();
        heap.reset();
        long start = System.nanoTime();
        CpuMeter.Snapshot cpu = CpuMeter.snapshot();
        KeepAliveReport report;
        try (AutoCloseable live = heap.sampleLiveSet(LIVE_SET_EVERY)) {
            report = keepAlive.runOnce();
        }
        double took = seconds(start);
        String used = heap.summary() + "; " + CpuMeter.snapshot().perUnitSince(cpu, report.refreshed());
        Wrk.Result after = ceiling.measure(wrkThreads, concurrency);
        compare("keep-alive (the library's job, concurrency " + concurrency + ": " + concurrency
                        + " refresh request(s) in flight, " + KeepAlive.workerCount(concurrency) + " workers)",
                report.refreshed(), report.failed().size() + report.revoked().size(), took, before, after, used, users);
    }

    /** Imports the tokens through a service of its own: the nightly jobs run, like the next night, without it. */
    private static void importAll(OidcSettings settings, JpaGrantStore store, List<String[]> grants, int concurrency)
            throws Exception {
        OfflineTokenService importer = TokenServices.service(settings, store, Clock.systemUTC(),
                Duration.ofSeconds(60));
        parallel(concurrency, grants, g -> importer.importToken(g[0], g[1]));
    }

    /** Pages through the stored grants and gets every user a fresh access token, {@code concurrency} at a time. */
    private static int applicationJob(OfflineTokenService tokens, int concurrency, AtomicInteger failed)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> page = new ArrayList<>();
            for (int first = 0; ; first += PAGE) {
                List<GrantInfo> grants = tokens.list(first, PAGE);
                for (Future<?> f : page) {
                    f.get();   // at most two pages in memory: the one running and the next one
                }
                page.clear();
                for (GrantInfo grant : grants) {
                    page.add(pool.submit(() -> {
                        try {
                            tokens.accessToken(grant.principal());
                            done.incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }));
                }
                if (grants.size() < PAGE) {
                    break;
                }
            }
            for (Future<?> f : page) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return done.get();
    }

    private static void compare(String job, int refreshed, int failed, double seconds, Wrk.Result before,
                                Wrk.Result after, String heap, int users) {
        double rate = refreshed / seconds;
        double ceiling = (before.perSecond() + after.perSecond()) / 2;
        Report.line("- %s: %,d refreshed, %d failed, in %.1f s = **%.0f refreshes/s**", job, refreshed, failed,
                seconds, rate);
        Report.line("  - Keycloak's ceiling at the same concurrency (wrk replaying the same %,d offline tokens): "
                + "before %s; after %s", users, before, after);
        Report.line("  - job / ceiling: **%.1f %%** (target >= 90 %%); %s; load %s", 100 * rate / ceiling, heap,
                Machine.loadAverage());
    }

    private interface Work {
        void accept(String[] grant) throws Exception;
    }

    private static void parallel(int concurrency, List<String[]> grants, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> futures = new ArrayList<>();
        for (String[] grant : grants) {
            futures.add(pool.submit(() -> {
                work.accept(grant);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
