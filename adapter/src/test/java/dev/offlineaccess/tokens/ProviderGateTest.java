package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.ProviderUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderGateTest {
    private final InProcessTokenEndpoint provider = new InProcessTokenEndpoint(
            new MutableClock(Instant.parse("2026-11-23T10:00:00Z")), false);

    @Test
    void aCallerBeyondTheTurnsWaitsAndAnInterruptedWaiterSendsNothing() throws Exception {
        ProviderGate gate = new ProviderGate(provider, 1);
        String token = provider.login("sub-anna").refreshToken();
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        provider.beforeAnswer(t -> {
            inFlight.countDown();
            await(release);
        });
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> refresh(gate, token));
        assertTrue(inFlight.await(5, TimeUnit.SECONDS));
        assertEquals(0, gate.freeTurns());

        CompletableFuture<Object> waiter = new CompletableFuture<>();
        Thread second = new Thread(() -> waiter.complete(refresh(gate, token)));
        second.start();
        second.interrupt();
        Object outcome = waiter.get(5, TimeUnit.SECONDS);
        release.countDown();
        first.get(5, TimeUnit.SECONDS);

        assertInstanceOf(ProviderUnavailableException.class, outcome);
        assertEquals(1, provider.refreshCalls(), "the interrupted caller never reached the provider");
        assertEquals(1, gate.freeTurns(), "every turn is given back");
    }

    @Test
    void turnsAreGivenBackWhenTheProviderFails() {
        ProviderGate gate = new ProviderGate(provider, 2);
        provider.unavailableNext();
        provider.latency(Duration.ZERO);

        Object outcome = refresh(gate, provider.login("sub-ben").refreshToken());

        assertInstanceOf(ProviderUnavailableException.class, outcome);
        assertEquals(2, gate.freeTurns());
    }

    /** The answer, or the exception (checked ones included) as a value; records the interrupt status with it. */
    private static Object refresh(ProviderGate gate, String token) {
        try {
            return gate.refresh(token, null);
        } catch (Exception e) {
            return e;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
