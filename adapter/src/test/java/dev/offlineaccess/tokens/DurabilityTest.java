package dev.offlineaccess.tokens;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider rotated the token, then the store failed: the only valid token must never be lost. */
class DurabilityTest {
    private final TokenFixture fx = TokenFixture.withRotation();
    private final GrantKey key = fx.login("alice", "sub-alice");

    @Test
    void commitFailsAfterRotationThenTheWriteIsRetriedAndTheTokenServedOnceStored() {
        fx.expireAccessTokens();
        fx.store.failNextCommits(1);

        AccessToken token = fx.service.accessToken("alice");

        assertEquals(List.of(Duration.ofMillis(500)), fx.sleeps);
        assertEquals(1, fx.provider.refreshCalls());
        assertEquals(token.value(), fx.cipher.open(fx.row(key).accessToken(), key));
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)), "the rotated token was stored");
        assertEquals(0, fx.service.pendingWriteCount());
    }

    @Test
    void storeStaysDownThenUnavailableWithThePendingTokenKeptAndWrittenByTheNextCall() {
        fx.expireAccessTokens();
        String stale = fx.storedRefreshToken(key);
        storeGoesDownDuringTheRefresh(5);

        TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class,
                () -> fx.service.accessToken("alice"));

        assertTrue(e.isRetryable());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(3)), fx.sleeps, "bounded: 5 tries in 9.5 s");
        assertEquals(1, fx.service.pendingWriteCount());
        assertEquals(stale, fx.storedRefreshToken(key), "the store still has the used token...");
        assertFalse(fx.provider.isUsable(stale), "...which the provider no longer accepts");

        AccessToken token = fx.service.accessToken("alice");

        assertEquals(1, fx.provider.refreshCalls(), "the pending access token is served, no second refresh");
        assertEquals(0, fx.service.pendingWriteCount());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
        assertEquals(token.value(), fx.cipher.open(fx.row(key).accessToken(), key));
        fx.expireAccessTokens();
        fx.service.accessToken("alice");
        assertEquals(2, fx.provider.refreshCalls());
        assertEquals(GrantStatus.ACTIVE, fx.row(key).status(), "no reuse of the stale token, grant alive");
    }

    @Test
    void whilePendingAndStoreStillDownThenNoRefreshWithTheStaleToken() {
        fx.expireAccessTokens();
        storeGoesDownDuringTheRefresh(5);
        assertThrows(TokenStoreUnavailableException.class, () -> fx.service.accessToken("alice"));
        fx.store.failNextCalls(1);

        assertThrows(TokenStoreUnavailableException.class, () -> fx.service.accessToken("alice"));

        assertEquals(1, fx.provider.refreshCalls());
        assertEquals(1, fx.service.pendingWriteCount());
    }

    @Test
    void pendingAccessTokenExpiredThenItIsWrittenFirstAndTheRefreshUsesTheNewestToken() {
        fx.expireAccessTokens();
        storeGoesDownDuringTheRefresh(5);
        assertThrows(TokenStoreUnavailableException.class, () -> fx.service.accessToken("alice"));
        fx.expireAccessTokens();

        AccessToken token = fx.service.accessToken("alice");

        assertTrue(token.expiresAt().isAfter(fx.clock.instant().plus(TokenFixture.SKEW)));
        assertEquals(2, fx.provider.refreshCalls());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
        assertEquals(GrantStatus.ACTIVE, fx.row(key).status());
    }

    @Test
    void aNewLoginWhileAWriteIsPendingMakesThePendingRowObsolete() {
        fx.expireAccessTokens();
        storeGoesDownDuringTheRefresh(5);
        assertThrows(TokenStoreUnavailableException.class, () -> fx.service.accessToken("alice"));

        fx.service.storeFromLogin(key, "alice", fx.provider.login("sub-alice"));
        String loginToken = fx.storedRefreshToken(key);
        fx.expireAccessTokens();
        fx.service.accessToken("alice");

        assertEquals(0, fx.service.pendingWriteCount());
        assertNotEquals(loginToken, fx.storedRefreshToken(key));
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
    }

    @Test
    void obsoletePendingRowIsDroppedNotWrittenOverANewerRow() {
        fx.expireAccessTokens();
        storeGoesDownDuringTheRefresh(5);
        assertThrows(TokenStoreUnavailableException.class, () -> fx.service.accessToken("alice"));
        // another node stores a new login directly (this node's pending row does not know)
        fx.node().storeFromLogin(key, "alice", fx.provider.login("sub-alice"));
        StoredGrant newer = fx.row(key);

        fx.service.accessToken("alice");

        assertEquals(0, fx.service.pendingWriteCount());
        assertEquals(newer.refreshToken(), fx.row(key).refreshToken());
    }

    @Test
    void interruptedWhileWaitingThenUnavailableAndTheTokenStaysPending() {
        OfflineTokenService impatient = OfflineTokenService.builder().client(TokenFixture.CLIENT)
                .tokenEndpoint(fx.provider).store(fx.store).cipher(fx.cipher).clock(fx.clock)
                .sleeper(d -> {
                    throw new InterruptedException();
                }).build();
        fx.expireAccessTokens();
        fx.store.failNextCommits(1);

        assertThrows(TokenStoreUnavailableException.class, () -> impatient.accessToken("alice"));

        assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
        assertEquals(1, impatient.pendingWriteCount());
        assertTrue(impatient.accessToken("alice").expiresAt().isAfter(fx.clock.instant()));
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
    }

    @Test
    void importWhenTheStoreFailsAfterTheProofThenTheRotatedTokenIsRetried() {
        String external = fx.provider.login("sub-svc").refreshToken();
        fx.store.failNextCalls(1);

        GrantInfo info = fx.service.importToken("svc", external);

        assertEquals(1, fx.sleeps.size());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(info.key())));
    }

    @Test
    void flushPendingWritesWritesEveryPendingRow() {
        fx.expireAccessTokens();
        storeGoesDownDuringTheRefresh(5);
        assertThrows(TokenStoreUnavailableException.class, () -> fx.service.accessToken("alice"));

        assertEquals(1, fx.service.flushPendingWrites());

        assertEquals(0, fx.service.pendingWriteCount());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
    }

    /** The commit of the refresh fails, and the store stays down for the next {@code calls} calls. */
    private void storeGoesDownDuringTheRefresh(int calls) {
        fx.store.failNextCommits(1);
        AtomicBoolean once = new AtomicBoolean();
        fx.provider.beforeAnswer(token -> {
            if (once.compareAndSet(false, true)) {
                fx.store.failNextCalls(calls);
            }
        });
    }
}
