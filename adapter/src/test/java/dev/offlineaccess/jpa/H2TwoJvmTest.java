package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantStore.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.offlineaccess.jpa.Grants.T0;
import static dev.offlineaccess.jpa.Grants.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two JVMs share the default H2 file ({@code AUTO_SERVER=TRUE}): the second connects through the first, and the
 * row lock serializes them as it does threads.
 */
@Timeout(120)
class H2TwoJvmTest {
    private H2FileDatabase database;
    private JpaGrantStore store;
    private Process second;

    @BeforeEach
    void openFirstNode() throws IOException {
        database = new H2FileDatabase();
        store = JpaGrantStore.open(database.settings(), Grants.ISSUER, Grants.CLIENT);
    }

    @AfterEach
    void close() throws Exception {
        if (second != null && second.isAlive()) {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        store.close();
        database.close();
    }

    @Test
    void aNodeInAnotherJvmWaitsForTheRowLockAndSeesTheCommittedRow() throws Exception {
        store.save(Grants.grant("sub-1", "alice", T0));
        CountDownLatch holds = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> store.withLock(key("sub-1"),
                current -> {
                    holds.countDown();
                    awaitQuietly(release);
                    return new Outcome<>(Grants.refreshed(current.orElseThrow(), Grants.sealed("k1", "by-first-jvm"),
                            T0), "first");
                }));
        assertTrue(holds.await(30, TimeUnit.SECONDS));

        second = startSecondJvm(database.file(), "sub-1");
        database.awaitLockWaiter(Duration.ofSeconds(60));
        release.countDown();
        assertEquals("first", holder.get(30, TimeUnit.SECONDS));

        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "second JVM finished");
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, second.exitValue(), output);
        assertTrue(output.contains("SAW:by-first-jvm"), output);
        assertEquals("by-second-jvm", GrantStoreContract.marker(store.find(key("sub-1")).orElseThrow()));
    }

    private static Process startSecondJvm(Path h2File, String subject) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-cp", classPath, SecondJvmNode.class.getName(), h2File.toString(), subject)
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
