package dev.offlineaccess.tokens;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OfflineTokenService#markRevoked}: the provider already ended the grant (a back-channel logout). */
class MarkRevokedTest {
    private static final String ERROR = "backchannel_logout";
    private static final String REASON = "Revoked by back-channel logout";

    private final TokenFixture fx = TokenFixture.withRotation();
    private final OfflineTokenService service = fx.service;

    @Test
    void markRevokedWhenActiveThenRevokedWithErrorReasonAndTimeWithoutCallingTheProvider() {
        GrantKey key = fx.login("alice", "sub-alice");
        String token = fx.storedRefreshToken(key);
        service.accessToken("alice");
        fx.clock.advance(Duration.ofSeconds(3));

        assertTrue(service.markRevoked(key, ERROR, REASON));

        StoredGrant row = fx.row(key);
        assertEquals(GrantStatus.REVOKED, row.status());
        assertEquals(ERROR, row.revokedError());
        assertEquals(REASON, row.revokedReason());
        assertEquals(fx.clock.instant(), row.revokedAt());
        assertNull(row.accessToken(), "the stored access token is dropped");
        assertNull(row.accessTokenExpiresAt());
        assertEquals(0, fx.provider.revokeCalls());
        assertTrue(fx.provider.isUsable(token), "the provider was not asked for anything");
    }

    @Test
    void markRevokedDropsTheCachedAccessTokenSoTheNextCallIsRefusedWithoutARefresh() {
        GrantKey key = fx.login("alice", "sub-alice");
        service.accessToken("alice");

        service.markRevoked(key, ERROR, REASON);

        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> service.accessToken("alice"));
        assertEquals(ERROR, e.error());
        assertEquals(REASON, e.errorDescription());
        assertThrows(OfflineGrantRevokedException.class, () -> service.accessToken(key));
        assertEquals(0, fx.provider.refreshCalls());
        assertFalse(service.find("alice").orElseThrow().isActive());
    }

    @Test
    void markRevokedWhenThereIsNoRowThenFalseAndNothingIsWritten() {
        assertFalse(service.markRevoked(TokenFixture.key("sub-nobody"), ERROR, REASON));

        assertEquals(0, service.count());
    }

    @Test
    void markRevokedWhenRevokedAlreadyThenFalseAndTheFirstReasonIsKept() {
        GrantKey key = fx.login("alice", "sub-alice");
        service.revoke("alice");
        StoredGrant before = fx.row(key);
        fx.clock.advance(Duration.ofMinutes(1));

        assertFalse(service.markRevoked(key, ERROR, REASON));

        assertEquals(before, fx.row(key));
        assertEquals("revoked_by_application", fx.row(key).revokedError());
    }

    @Test
    void markRevokedWhenTheStoreIsDownThenUnavailableAndTheRowStaysActive() {
        GrantKey key = fx.login("alice", "sub-alice");
        StoredGrant before = fx.row(key);
        fx.store.failNextCalls(1);

        TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class,
                () -> service.markRevoked(key, ERROR, REASON));

        assertTrue(e.isRetryable());
        assertEquals(before, fx.row(key));
        assertTrue(service.markRevoked(key, ERROR, REASON), "works once the store is back");
    }

    @Test
    void markRevokedOfAnotherClientsGrantIsRefused() {
        GrantKey foreign = new GrantKey(TokenFixture.ISSUER, "other-client", "sub-alice");

        assertThrows(IllegalArgumentException.class, () -> service.markRevoked(foreign, ERROR, REASON));
    }

    @Test
    void aRotatedTokenPendingOnAnotherNodeDoesNotReviveAGrantMarkedRevoked() {
        GrantKey key = fx.login("alice", "sub-alice");
        fx.expireAccessTokens();
        fx.store.failNextCommits(1);
        AtomicBoolean once = new AtomicBoolean();
        fx.provider.beforeAnswer(token -> {
            if (once.compareAndSet(false, true)) {
                fx.store.failNextCalls(5);
            }
        });
        assertThrows(TokenStoreUnavailableException.class, () -> service.accessToken("alice"));
        assertEquals(1, service.pendingWriteCount(), "node A holds the rotated row in memory");

        assertTrue(fx.node().markRevoked(key, ERROR, REASON), "node B receives the back-channel logout");

        assertThrows(OfflineGrantRevokedException.class, () -> service.accessToken("alice"));
        assertEquals(GrantStatus.REVOKED, fx.row(key).status());
        assertEquals(ERROR, fx.row(key).revokedError());
        assertEquals(0, service.pendingWriteCount());
    }
}
