package dev.offlineaccess.benchmarks.http;

import dev.offlineaccess.benchmarks.support.Machine;
import dev.offlineaccess.benchmarks.support.Report;
import dev.offlineaccess.benchmarks.support.Wrk;
import dev.offlineaccess.testing.FakeOpenIdProvider;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measure 1: the same small secured page with no filter, with our {@code OidcFilter} and a signed-in session, and
 * with pac4j and a signed-in session, loaded by {@code wrk} for a fixed time per run. The variants take turns, in a
 * rotating order, for several rounds in one JVM, so that drift of the machine hits all three alike; the ratios are
 * taken from the totals.
 *
 * <p>Each variant gets {@code sessions} signed-in sessions (wrk sends their cookies round-robin, as many users
 * would); the plain page gets our cookies too, so that every request carries the same header bytes and makes
 * Jetty look a session up. The provider is the in-JVM fake (access tokens for 8 hours, so no refresh happens
 * while wrk runs).
 *
 * <p>Arguments: {@code seconds rounds connections threads sessions warmupSeconds}.
 */
public final class FilterOverhead {
    private static final List<String> VARIANTS = List.of(System.getProperty("bench.variants", "plain,ours,pac4j")
            .split(","));

    private FilterOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = arg(args, 0, 10);
        int rounds = arg(args, 1, 3);
        int connections = arg(args, 2, 16);
        int threads = arg(args, 3, 1);
        int sessions = arg(args, 4, 32);
        int warmup = arg(args, 5, 10);
        Path dir = Files.createTempDirectory("bench-filter");
        try (FakeOpenIdProvider op = FakeOpenIdProvider.builder().accessTokenLifetime(Duration.ofHours(8)).start();
             BenchServer server = new BenchServer("127.0.0.1", op.issuer().toString(), op.clientId(),
                     op.clientSecret(), "openid profile email", dir)) {
            op.addUser("alice");
            op.defaultUser("alice");
            Map<String, List<Map<String, String>>> cookies = signIn(server, sessions);
            Report.section("1. Authenticated request overhead (wrk, " + connections + " connections, " + threads
                    + " thread, " + seconds + " s per run, " + rounds + " rounds, " + sessions + " sessions)");
            footprints(server, cookies);
            for (String variant : VARIANTS) {
                Wrk.get(server.page(variant), cookies.get(variant), threads, connections, warmup);
            }
            Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
            VARIANTS.forEach(v -> results.put(v, new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < VARIANTS.size(); i++) {
                    String variant = VARIANTS.get((i + round) % VARIANTS.size());
                    Wrk.Result result = Wrk.get(server.page(variant), cookies.get(variant), threads, connections,
                            seconds);
                    results.get(variant).add(result);
                    Report.line("- round %d %-5s %s (load %s)", round + 1, variant, result, Machine.loadAverage());
                }
            }
            if (VARIANTS.size() == 3) {
                summarize(results);
            }
        }
    }

    private static Map<String, List<Map<String, String>>> signIn(BenchServer server, int sessions) throws Exception {
        Map<String, List<Map<String, String>>> cookies = new LinkedHashMap<>();
        for (String variant : List.of("ours", "pac4j")) {
            List<Map<String, String>> list = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                String cookie = Logins.signIn(server.page(variant), "alice");
                var check = Logins.get(server.page(variant), cookie);
                if (check.statusCode() != 200 || !check.body().contains("Hello, alice.")) {
                    throw new IllegalStateException(variant + ": the session cookie does not give the page: "
                            + check.statusCode());
                }
                list.add(Map.of("Cookie", "JSESSIONID=" + cookie));
            }
            cookies.put(variant, list);
        }
        cookies.put("plain", cookies.get("ours"));
        return cookies;
    }

    private static void footprints(BenchServer server, Map<String, List<Map<String, String>>> cookies)
            throws Exception {
        for (String variant : List.of("ours", "pac4j")) {
            String cookie = cookies.get(variant).get(0).get("Cookie").substring("JSESSIONID=".length());
            String body = Logins.get(URI.create(server.base() + "/" + variant + BenchServer.FOOTPRINT), cookie).body();
            Report.line("- session attributes of %s with the fake provider's tokens (name, serialized bytes,"
                    + " retained heap bytes): %s", variant, body.strip().replace('\n', ';'));
        }
    }

    private static void summarize(Map<String, List<Wrk.Result>> results) {
        Map<String, double[]> totals = new LinkedHashMap<>();
        results.forEach((variant, runs) -> {
            double requests = runs.stream().mapToLong(Wrk.Result::requests).sum();
            double secs = runs.stream().mapToDouble(Wrk.Result::seconds).sum();
            double p99 = median(runs.stream().mapToDouble(Wrk.Result::p99Micros).toArray());
            double p50 = median(runs.stream().mapToDouble(Wrk.Result::p50Micros).toArray());
            long errors = runs.stream().mapToLong(Wrk.Result::errors).sum();
            totals.put(variant, new double[] {requests / secs, p50, p99});
            Report.line("- **%s**: %,.0f req/s over all rounds, median p50 %.0f us, median p99 %.0f us, %d errors",
                    variant, requests / secs, p50, p99, errors);
        });
        double[] plain = totals.get("plain");
        double[] ours = totals.get("ours");
        double[] pac4j = totals.get("pac4j");
        Report.line("- ours / plain throughput: **%.1f %%** (target >= 97 %%); p99 ours / plain: **%.2f** (target"
                + " <= 1.10)", 100 * ours[0] / plain[0], ours[2] / plain[2]);
        Report.line("- pac4j / plain throughput: %.1f %%; p99 pac4j / plain: %.2f", 100 * pac4j[0] / plain[0],
                pac4j[2] / plain[2]);
        Report.line("- ours / pac4j throughput: **%.2f** (target > 1)", ours[0] / pac4j[0]);
    }

    private static double median(double[] values) {
        java.util.Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
