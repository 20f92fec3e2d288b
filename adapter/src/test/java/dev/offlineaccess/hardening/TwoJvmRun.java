package dev.offlineaccess.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real JVMs ({@link TokenNode}) × 50 threads on one PostgreSQL, 10,000 token requests for 100 users, against the
 * fake provider with refresh-token rotation and reuse detection, access tokens of 4 s and a clock skew of 1 s (so a
 * token is renewed every 3 s: several expiry windows during the run). Must hold: every request answered, zero lost
 * grants, zero refused refreshes ({@code invalid_grant}), and at most one refresh per user per expiry window.
 * Results go to {@code target/hardening-two-jvms.txt}.
 *
 * <p>Not part of the normal build (about a minute): {@code mvn -pl adapter test -Dtest=TwoJvmRun}. (The in-JVM
 * two-node tests of {@code dev.offlineaccess.integration} cover the lock windows one by one.)
 */
@Timeout(900)
class TwoJvmRun {
    static final int USERS = 100;
    static final int THREADS = 50;
    static final int REQUESTS_PER_NODE = 5_000;
    static final Duration LIFETIME = Duration.ofSeconds(4);
    static final Duration SKEW = Duration.ofSeconds(1);

    @Test
    void twoJvmsShareOneChainPerUserWithoutALostGrantOrARefusedRefresh() throws Exception {
        try (NodeCluster cluster = new NodeCluster(USERS, LIFETIME, SKEW)) {
            cluster.tickProviderClock();
            long refreshesBefore = cluster.op.successfulRefreshCount();
            long[] perUserBefore = new long[USERS];
            for (int u = 0; u < USERS; u++) {
                perUserBefore[u] = cluster.op.refreshCount(TokenNode.user(u));
            }
            long started = System.nanoTime();
            List<Process> nodes = List.of(cluster.node("load", THREADS, REQUESTS_PER_NODE, 400),
                    cluster.node("load", THREADS, REQUESTS_PER_NODE, 400));
            List<String> results = new ArrayList<>();
            for (Process node : nodes) {
                results.add(result(node));
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            long refreshes = cluster.op.successfulRefreshCount() - refreshesBefore;
            long maxPerUser = 0;
            for (int u = 0; u < USERS; u++) {
                maxPerUser = Math.max(maxPerUser, cluster.op.refreshCount(TokenNode.user(u)) - perUserBefore[u]);
            }
            long windows = (long) Math.ceil(seconds / (LIFETIME.minus(SKEW).toMillis() / 1000.0));
            int usable = 0;
            for (int u = 0; u < USERS; u++) {
                usable += cluster.usable(TokenNode.user(u)) ? 1 : 0;
            }
            String summary = String.format(Locale.ROOT, "2 JVMs x %d threads, %,d requests for %d users in %.1f s "
                    + "(%,.0f/s): %s; %,d refreshes, at most %d for one user in %d expiry windows; refused refreshes:"
                    + " %d; usable grants after: %d/%d", THREADS, 2 * REQUESTS_PER_NODE, USERS, seconds,
                    2 * REQUESTS_PER_NODE / seconds, results, refreshes, maxPerUser, windows,
                    cluster.op.failedRefreshCount(), usable, USERS);
            System.out.println("TWO-JVM " + summary);
            Files.writeString(Path.of("target", "hardening-two-jvms.txt"), summary + "\n", StandardCharsets.UTF_8);

            for (String result : results) {
                assertEquals("RESULT ok=" + REQUESTS_PER_NODE, result, summary);
            }
            assertEquals(0, cluster.op.failedRefreshCount(), "no invalid_grant: " + summary);
            assertEquals(USERS, usable, "no lost grant: " + summary);
            assertTrue(maxPerUser <= windows + 1, "one refresh per user per expiry window: " + summary);
        }
    }

    private static String result(Process node) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line;
        String result = null;
        StringBuilder other = new StringBuilder();
        while ((line = out.readLine()) != null) {
            if (line.startsWith("RESULT")) {
                result = line;
            } else if (other.length() < 4000) {
                other.append(line).append('\n');
            }
        }
        assertTrue(node.waitFor(60, TimeUnit.SECONDS));
        assertTrue(result != null, "no result from the node: " + other);
        return result;
    }
}
