package dev.offlineaccess.tokens;

import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;
import dev.offlineaccess.provider.ProviderError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No token value in any log line, exception message or toString(), whatever goes wrong. */
class NoTokenInOutputTest {
    private final TokenFixture fx = TokenFixture.withRotation();
    private final List<String> output = new ArrayList<>();

    @Test
    void noTokenValueAppearsAnywhere() {
        try (LogCapture log = new LogCapture()) {
            exerciseEveryPath();
            output.addAll(log.lines());
        }

        List<String> tokens = fx.provider.issuedValues();
        assertTrue(tokens.size() > 10);
        assertTrue(output.stream().anyMatch(l -> l.contains("OA-W002")), "the durability warnings were logged");
        assertTrue(output.stream().anyMatch(l -> l.contains("OA-W003")));
        for (String line : output) {
            for (String token : tokens) {
                assertFalse(line.contains(token), () -> "a token leaked into: " + line);
            }
        }
    }

    private void exerciseEveryPath() {
        GrantKey alice = fx.login("alice", "sub-alice");
        fx.login("bob", "sub-bob");
        fx.login("carl", "sub-carl");
        AccessToken token = fx.service.accessToken("alice");
        record(token::toString);
        record(() -> fx.row(alice).toString());
        record(() -> fx.row(alice).info().toString());
        record(fx.service::toString);
        fx.expireAccessTokens();

        fx.provider.failNext(new ProviderError(401, "unauthorized_client", "Invalid client credentials"));
        capture(() -> fx.service.accessToken("alice"));
        fx.provider.unavailableNext();
        capture(() -> fx.service.accessToken("alice"));
        fx.store.failNextCalls(1);
        capture(() -> fx.service.accessToken("alice"));

        fx.store.failNextCommits(1);
        AtomicBoolean once = new AtomicBoolean();
        fx.provider.beforeAnswer(t -> {
            if (once.compareAndSet(false, true)) {
                fx.store.failNextCalls(5);
            }
        });
        capture(() -> fx.service.accessToken("bob"));
        capture(() -> fx.service.accessToken("bob"));

        fx.provider.failNext(new ProviderError(400, "invalid_grant", "Stale token"));
        capture(() -> fx.service.accessToken("carl"));
        capture(() -> fx.service.accessToken("carl"));
        capture(() -> fx.service.importToken("x", "garbage-token"));

        fx.login("dora", "sub-dora");
        fx.clock.advance(Duration.ofDays(21));
        fx.provider.unreachableFor("sub-dora");
        KeepAliveReport report = fx.service.keepAlive(new KeepAliveSettings(true, Duration.ofDays(30), 2.0 / 3,
                Duration.ofHours(1))).runOnce();
        assertEquals(1, report.failed().size());
        record(report::toString);
    }

    private void record(Supplier<String> text) {
        output.add(text.get());
    }

    private void capture(Runnable call) {
        try {
            call.run();
        } catch (OfflineTokenException | SealedTokenException failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                output.add(t.toString());
            }
        }
    }
}
