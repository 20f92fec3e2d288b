package dev.offlineaccess.hardening;

import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.tokens.OfflineTokenException;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.TokenCipher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application node in its own JVM for {@link KillNineRun} and {@link TwoJvmRun}: the offline-token service on
 * the shared database, talking to the fake provider of the parent JVM, on the system clock.
 *
 * <p>Arguments: {@code mode jdbcUrl dbUser issuer clientId clientSecret base64Key users threads requests
 * clockSkewMillis maxPauseMillis}. Mode {@code churn}: every thread asks for random users' tokens until killed,
 * printing {@code OK <n> <nanoTime>} every 50 successes. Mode {@code load}: {@code threads} threads share {@code requests} calls
 * for random users, pausing up to {@code maxPauseMillis} between calls, then {@code RESULT ok=<n> <exception>=<n>...}
 * is printed and the JVM exits.
 */
public final class TokenNode {
    private TokenNode() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        ClientSettings client = new ClientSettings(URI.create(args[3]), args[4], new Secret(args[5]));
        Duration skew = Duration.ofMillis(Long.parseLong(args[10]));
        StoreSettings store = new StoreSettings(args[1], args[2], null, Path.of("target", "unused-h2"), List.of(
                new StoreSettings.EncryptionKeySetting("k1", new Secret(args[6]))), false,
                Path.of("target", "unused-key"), new StoreSettings.KeepAliveSettings(false, Duration.ofDays(30), 0.5,
                Duration.ofHours(1)));
        int users = Integer.parseInt(args[7]);
        int threads = Integer.parseInt(args[8]);
        int requests = Integer.parseInt(args[9]);
        int maxPause = Integer.parseInt(args[11]);
        OidcProvider provider = new OidcProvider(client, new HttpSettings(Duration.ofSeconds(5),
                Duration.ofSeconds(10), skew), Set.of("RS256"), Clock.systemUTC());
        try (JpaGrantStore grants = JpaGrantStore.open(store, args[3], args[4], Duration.ofSeconds(30))) {
            OfflineTokenService service = OfflineTokenService.builder().client(client).tokenEndpoint(provider)
                    .store(grants).cipher(TokenCipher.of(store.keys())).clockSkew(skew).build();
            run(mode, service, users, threads, requests, maxPause);
        }
    }

    static String user(int i) {
        return String.format("u%03d", i);
    }

    private static void run(String mode, OfflineTokenService service, int users, int threads, int requests,
                            int maxPause) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong left = new AtomicLong(requests);
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Random random = new Random(ProcessHandle.current().pid() * 31 + t);
            Thread thread = new Thread(() -> {
                try {
                    while ("churn".equals(mode) || left.decrementAndGet() >= 0) {
                        try {
                            service.accessToken(user(random.nextInt(users)));
                            long n = ok.incrementAndGet();
                            if (n % 50 == 0 && "churn".equals(mode)) {
                                System.out.println("OK " + n + " " + System.nanoTime());
                            }
                        } catch (OfflineTokenException e) {
                            failures.computeIfAbsent(e.getClass().getSimpleName() + "(" + e.getMessage() + ")",
                                    k -> new AtomicLong()).incrementAndGet();
                        }
                        if (maxPause > 0) {
                            Thread.sleep(random.nextInt(maxPause + 1));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "node-" + t);
            thread.start();
        }
        done.await();
        StringBuilder result = new StringBuilder("RESULT ok=").append(ok.get());
        failures.forEach((name, count) -> result.append(' ').append(name).append('=').append(count.get()));
        System.out.println(result);
    }
}
