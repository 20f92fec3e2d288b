package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderError;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of the error table: the exception and its data, and the stored row afterwards. */
class ProviderErrorHandlingTest {
    private final TokenFixture fx = TokenFixture.withRotation();
    private final GrantKey key = fx.login("alice", "sub-alice");

    @ParameterizedTest
    @ValueSource(strings = {"Offline user session not found", "Offline session not active",
            "Session doesn't have required client", "Stale token", "Maximum allowed refresh token reuse exceeded",
            "User disabled", "Token is not active", "Invalid refresh token",
            "Offline session invalid because offline access not granted anymore"})
    void invalidGrantWhenRowUnchangedThenRowRevokedWithReasonAndNeverDeleted(String description) {
        StoredGrant before = expiredAndRefusedWith(new ProviderError(400, "invalid_grant", description));

        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> fx.service.accessToken("alice"));

        assertEquals("alice", e.user());
        assertEquals("invalid_grant", e.error());
        assertEquals(description, e.errorDescription());
        assertEquals(OfflineTokenException.Action.ASK_USER_TO_SIGN_IN_AGAIN, e.action());
        assertRevoked(before, "invalid_grant", description);
        assertEquals(1, fx.provider.refreshCalls(), "the re-read found the same token: no second call");
    }

    @Test
    void invalidScopeConsentWithdrawnThenRowRevoked() {
        String description = "Client no longer has requested consent from user";
        StoredGrant before = expiredAndRefusedWith(new ProviderError(400, "invalid_scope", description));

        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> fx.service.accessToken("alice"));

        assertEquals("invalid_scope", e.error());
        assertEquals(description, e.errorDescription());
        assertRevoked(before, "invalid_scope", description);
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_client", "unauthorized_client"})
    void clientRefusedThenClientMisconfiguredAndRowUntouched(String code) {
        String description = "Invalid client or Invalid client credentials";
        StoredGrant before = expiredAndRefusedWith(new ProviderError(401, code, description));

        ClientMisconfiguredException e = assertThrows(ClientMisconfiguredException.class,
                () -> fx.service.accessToken("alice"));

        assertEquals(code, e.error());
        assertEquals(description, e.errorDescription());
        assertEquals(OfflineTokenException.Action.FIX_CONFIGURATION, e.action());
        assertFalse(e.isRetryable());
        assertEquals(before, fx.row(key));
    }

    @Test
    void providerUnavailableThenRetryLaterAndRowUntouched() {
        StoredGrant before = expired();
        fx.provider.unavailableNext();

        ProviderTemporarilyUnavailableException e = assertThrows(ProviderTemporarilyUnavailableException.class,
                () -> fx.service.accessToken("alice"));

        assertTrue(e.isRetryable());
        assertTrue(e.getCause() instanceof ProviderUnavailableException);
        assertEquals(before, fx.row(key));
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
        assertTrue(fx.service.accessToken("alice").expiresAt().isAfter(fx.clock.instant()), "works once it is back");
    }

    @Test
    void serverErrorAnswerThenRetryLaterAndRowUntouched() {
        StoredGrant before = expiredAndRefusedWith(new ProviderError(503, "temporarily_unavailable", null));

        assertThrows(ProviderTemporarilyUnavailableException.class, () -> fx.service.accessToken("alice"));

        assertEquals(before, fx.row(key));
    }

    @Test
    void storeDownThenTokenStoreUnavailableAndNothingLost() {
        StoredGrant before = expired();
        fx.store.failNextCalls(1);

        TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class,
                () -> fx.service.accessToken("alice"));

        assertTrue(e.isRetryable());
        assertEquals(0, fx.provider.refreshCalls());
        assertEquals(before, fx.row(key));
        assertTrue(fx.service.accessToken("alice").expiresAt().isAfter(fx.clock.instant()));
    }

    @Test
    void revokedRowThenRevokedExceptionFromTheStoredReasonWithoutProviderCall() {
        expiredAndRefusedWith(new ProviderError(400, "invalid_grant", "User disabled"));
        assertThrows(OfflineGrantRevokedException.class, () -> fx.service.accessToken("alice"));

        OfflineGrantRevokedException again = assertThrows(OfflineGrantRevokedException.class,
                () -> fx.node().accessToken("alice"));

        assertEquals("User disabled", again.errorDescription());
        assertEquals(1, fx.provider.refreshCalls());
    }

    @Test
    void invalidGrantWhenAnotherWriterStoredANewerTokenThenRereadsAndRetriesOnce() {
        expired();
        AtomicBoolean once = new AtomicBoolean();
        fx.provider.beforeAnswer(used -> {
            if (once.compareAndSet(false, true)) {
                // a concurrent writer stores a newer refresh token (no access token); ours is now refused
                IssuedTokens newer = fx.provider.login("sub-alice");
                fx.store.save(withoutAccessToken(GrantRows.fresh(key, "alice", newer, fx.cipher,
                        fx.clock.instant(), false)));
                fx.provider.failNext(new ProviderError(400, "invalid_grant", "Stale token"));
            }
        });

        AccessToken token = fx.service.accessToken("alice");

        assertEquals(2, fx.provider.refreshCalls());
        assertTrue(token.expiresAt().isAfter(fx.clock.instant()));
        assertEquals(GrantStatus.ACTIVE, fx.row(key).status());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
    }

    @Test
    void invalidGrantWhenARogueWriterReplayedOurTokenThenTheRetryFailsAndTheLastReasonIsStored() {
        expired();
        AtomicBoolean once = new AtomicBoolean();
        fx.provider.beforeAnswer(used -> {
            if (once.compareAndSet(false, true)) {
                // a writer that ignores the lock refreshes the same token first and stores its result
                try {
                    IssuedTokens theirs = fx.provider.refresh(used, null);
                    fx.store.save(withoutAccessToken(GrantRows.refreshed(fx.row(key), theirs, fx.cipher,
                            fx.clock.instant())));
                } catch (ProviderRejectedException | ProviderUnavailableException e) {
                    throw new AssertionError(e);
                }
            }
        });

        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> fx.service.accessToken("alice"));

        // Keycloak detaches the session on reuse, so even the newer token is refused: the grant is dead
        assertEquals("Session doesn't have required client", e.errorDescription());
        assertEquals(3, fx.provider.refreshCalls(), "the rogue call, ours, and the one retry after the re-read");
        assertEquals(GrantStatus.REVOKED, fx.row(key).status());
    }

    @Test
    void invalidGrantWhenAnotherWriterStoredAValidAccessTokenThenItIsServedWithoutRetry() {
        expired();
        AtomicBoolean once = new AtomicBoolean();
        String[] theirs = new String[1];
        fx.provider.beforeAnswer(used -> {
            if (once.compareAndSet(false, true)) {
                IssuedTokens newer = fx.provider.login("sub-alice");
                theirs[0] = newer.accessToken();
                fx.store.save(GrantRows.fresh(key, "alice", newer, fx.cipher, fx.clock.instant(), false));
                fx.provider.failNext(new ProviderError(400, "invalid_grant", "Stale token"));
            }
        });

        AccessToken token = fx.service.accessToken("alice");

        assertEquals(theirs[0], token.value());
        assertEquals(1, fx.provider.refreshCalls());
        assertEquals(GrantStatus.ACTIVE, fx.row(key).status());
    }

    private static StoredGrant withoutAccessToken(StoredGrant row) {
        return new StoredGrant(row.key(), row.principal(), row.refreshToken(), null, null, row.scopes(),
                row.created(), row.lastRefreshed(), row.lastUsed(), row.expiresAt(), row.status(), null, null, null,
                row.version());
    }

    private StoredGrant expiredAndRefusedWith(ProviderError error) {
        StoredGrant before = expired();
        fx.provider.failNext(error);
        return before;
    }

    private StoredGrant expired() {
        fx.expireAccessTokens();
        return fx.row(key);
    }

    private void assertRevoked(StoredGrant before, String error, String description) {
        StoredGrant after = fx.row(key);
        assertEquals(GrantStatus.REVOKED, after.status());
        assertEquals(error, after.revokedError());
        assertEquals(description, after.revokedReason());
        assertEquals(fx.clock.instant(), after.revokedAt());
        assertEquals(before.refreshToken(), after.refreshToken(), "the row keeps its token for the record");
        assertNull(after.accessToken());
        assertEquals(before.created(), after.created());
        GrantInfo info = fx.service.find("alice").orElseThrow();
        assertFalse(info.isActive());
        assertEquals(description, info.revokedReason());
    }
}
