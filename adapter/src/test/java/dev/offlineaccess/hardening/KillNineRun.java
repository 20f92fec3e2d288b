package dev.offlineaccess.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} in the middle of refreshes under rotation, many times at random points. A child JVM
 * ({@link TokenNode}, one thread, PostgreSQL) refreshes 10 users' grants back to back (its clock skew is longer than
 * the access-token lifetime, so every call is a refresh: lock, provider, commit) and is killed with SIGKILL after a
 * random 0-250 ms once warm (100 refreshes). After each kill every stored grant is checked against the provider: a grant is lost when
 * the provider no longer accepts the stored refresh token — it rotated it, and the successor died with the JVM
 * before the commit. Lost grants are counted and re-seeded. Results go to {@code target/hardening-crash.txt}.
 *
 * <p>Not part of the normal build (about 2-4 s per kill): {@code mvn -pl adapter test -Dtest=KillNineRun
 * -Dhardening.crash.kills=100}. See docs/security.md for the numbers and what they mean.
 */
@Timeout(7200)
class KillNineRun {
    static final int KILLS = Integer.getInteger("hardening.crash.kills", 100);
    static final int USERS = 10;

    @Test
    void aNodeKilledMidRefreshLosesAGrantOnlyBetweenTheProvidersAnswerAndTheCommit() throws Exception {
        Random random = new Random(Long.getLong("hardening.crash.seed", 42));
        try (NodeCluster cluster = new NodeCluster(USERS, Duration.ofSeconds(30), Duration.ofSeconds(60))) {
            int lost = 0;
            int killsThatLost = 0;
            long childRefreshes = 0;
            double cycleNanos = 0;
            long started = System.nanoTime();
            for (int kill = 0; kill < KILLS; kill++) {
                long before = cluster.op.successfulRefreshCount();
                Process child = cluster.node("churn", 1, 0, 0);
                cycleNanos += awaitWarm(child);
                Thread.sleep(random.nextInt(251));
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                childRefreshes += cluster.op.successfulRefreshCount() - before;
                int lostNow = 0;
                for (int u = 0; u < USERS; u++) {
                    if (!cluster.usable(TokenNode.user(u))) {
                        lostNow++;
                        cluster.seed(TokenNode.user(u));
                    }
                }
                lost += lostNow;
                killsThatLost += lostNow > 0 ? 1 : 0;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cycleMillis = cycleNanos / KILLS / 1e6;
            double lossRate = (double) killsThatLost / KILLS;
            String summary = String.format(Locale.ROOT, "kill -9 under rotation (PostgreSQL, 1 thread, %d users): "
                    + "%d kills, %,d refreshes by the killed JVMs, %d grants lost (%d kills lost one: %.1f%%); one "
                    + "refresh takes %.2f ms, so the window in which a crash loses the grant is about %.2f ms of it;"
                    + " %.1f s", USERS, KILLS, childRefreshes, lost, killsThatLost, 100.0 * lossRate, cycleMillis,
                    lossRate * cycleMillis, seconds);
            System.out.println("CRASH " + summary);
            Files.writeString(Path.of("target", "hardening-crash.txt"), summary + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            assertTrue(lost <= KILLS, "at most the one refresh in flight is lost per kill: " + summary);
        }
    }

    /** Reads the child's output until it has made 100 refreshes; returns the nanoseconds of one (from 50 to 100). */
    private static double awaitWarm(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long at50 = 0;
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("OK ")) {
                String[] parts = line.split(" ");
                if (parts[1].equals("50")) {
                    at50 = Long.parseLong(parts[2]);
                } else if (parts[1].equals("100")) {
                    return (Long.parseLong(parts[2]) - at50) / 50.0;
                }
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("the node did not start refreshing; last line: " + line);
    }
}
