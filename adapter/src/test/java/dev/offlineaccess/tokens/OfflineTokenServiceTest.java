package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.IssuedTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineTokenServiceTest {
    private final TokenFixture fx = TokenFixture.withRotation();
    private final OfflineTokenService service = fx.service;

    @Test
    void accessTokenWhenCachedTokenIsValidThenNoProviderCallAndNoStoreCall() {
        fx.login("alice", "sub-alice");
        AccessToken first = service.accessToken("alice");
        long storeCalls = fx.store.calls();
        int providerCalls = fx.provider.refreshCalls();

        fx.clock.advance(Duration.ofSeconds(29));
        AccessToken again = service.accessToken("alice");

        assertSame(first, again);
        assertEquals(storeCalls, fx.store.calls());
        assertEquals(providerCalls, fx.provider.refreshCalls());
    }

    @Test
    void accessTokenByKeyWhenCachedThenNoStoreCall() {
        GrantKey key = fx.login("alice", "sub-alice");
        long storeCalls = fx.store.calls();

        AccessToken token = service.accessToken(key);

        assertTrue(token.expiresAt().isAfter(fx.clock.instant()));
        assertEquals(storeCalls, fx.store.calls());
        assertEquals(0, fx.provider.refreshCalls());
    }

    @Test
    void accessTokenWhenExpiringWithinClockSkewThenRefreshesAndStoresRotatedTokenBeforeReturning() {
        GrantKey key = fx.login("alice", "sub-alice");
        String loginToken = fx.storedRefreshToken(key);
        AccessToken first = service.accessToken("alice");

        fx.expireAccessTokens();
        AccessToken second = service.accessToken("alice");

        assertNotEquals(first.value(), second.value());
        assertEquals(1, fx.provider.refreshCalls());
        String stored = fx.storedRefreshToken(key);
        assertNotEquals(loginToken, stored);
        assertTrue(fx.provider.isUsable(stored), "the stored token is the provider's newest");
        StoredGrant row = fx.row(key);
        assertEquals(fx.clock.instant(), row.lastRefreshed());
        assertEquals(fx.clock.instant(), row.lastUsed());
        assertEquals(second.expiresAt(), row.accessTokenExpiresAt());
        assertEquals(second.value(), fx.cipher.open(row.accessToken(), key));
    }

    @Test
    void accessTokenWhenJustOutsideClockSkewThenStillCached() {
        fx.login("alice", "sub-alice");
        service.accessToken("alice");

        fx.clock.advance(InProcessTokenEndpoint.ACCESS_TOKEN_LIFETIME.minus(TokenFixture.SKEW).minusSeconds(1));
        service.accessToken("alice");

        assertEquals(0, fx.provider.refreshCalls());
    }

    @Test
    void accessTokenWhenTheProviderReturnsNoNewRefreshTokenThenTheOldOneIsKept() {
        TokenFixture plain = new TokenFixture(false);
        plain.provider.withoutRefreshTokenInRefreshAnswers();
        GrantKey key = plain.login("alice", "sub-alice");
        StoredGrant before = plain.row(key);
        plain.expireAccessTokens();

        AccessToken token = plain.service.accessToken("alice");

        StoredGrant after = plain.row(key);
        assertEquals(plain.cipher.open(before.refreshToken(), key), plain.cipher.open(after.refreshToken(), key));
        assertEquals(before.scopes(), after.scopes());
        assertEquals(token.value(), plain.cipher.open(after.accessToken(), key));
        assertEquals(plain.clock.instant(), after.lastRefreshed());
    }

    @Test
    void accessTokenWhenNothingStoredThenNoOfflineGrant() {
        NoOfflineGrantException e = assertThrows(NoOfflineGrantException.class, () -> service.accessToken("bob"));
        assertEquals("bob", e.user());
        assertEquals(OfflineTokenException.Action.ASK_USER_TO_SIGN_IN_AGAIN, e.action());
    }

    @Test
    void accessTokenWhenAnotherNodeStoredAValidAccessTokenThenUsesItWithoutProviderCall() {
        GrantKey key = fx.login("alice", "sub-alice");
        fx.expireAccessTokens();
        AccessToken fromA = service.accessToken(key);
        OfflineTokenService nodeB = fx.node();

        AccessToken fromB = nodeB.accessToken("alice");

        assertEquals(fromA.value(), fromB.value());
        assertEquals(1, fx.provider.refreshCalls());
    }

    @Test
    void accessTokenByKeyOfAnotherClientIsRefused() {
        GrantKey foreign = new GrantKey(TokenFixture.ISSUER, "other-client", "sub-alice");
        assertThrows(IllegalArgumentException.class, () -> service.accessToken(foreign));
    }

    @Test
    void storeFromLoginWhenAGrantExistsThenReplacesItWithoutRevokingAtTheProvider() {
        GrantKey key = fx.login("alice", "sub-alice");
        fx.clock.advance(Duration.ofHours(1));
        IssuedTokens second = fx.provider.login("sub-alice");

        GrantInfo info = service.storeFromLogin(key, "alice", second);

        assertEquals(fx.clock.instant(), info.created());
        assertEquals(GrantStatus.ACTIVE, info.status());
        assertEquals(second.refreshToken(), fx.storedRefreshToken(key));
        assertEquals(0, fx.provider.revokeCalls());
        assertEquals(1, fx.store.count());
        assertEquals(second.accessToken(), service.accessToken("alice").value(), "the cache is seeded");
    }

    @Test
    void storeFromLoginWhenTheRowWasRevokedThenItIsActiveAgain() {
        GrantKey key = fx.login("alice", "sub-alice");
        fx.provider.endSession(fx.storedRefreshToken(key));
        fx.expireAccessTokens();
        assertThrows(OfflineGrantRevokedException.class, () -> service.accessToken("alice"));

        service.storeFromLogin(key, "alice", fx.provider.login("sub-alice"));

        assertEquals(GrantStatus.ACTIVE, fx.row(key).status());
        assertNull(fx.row(key).revokedError());
        fx.expireAccessTokens();
        assertTrue(service.accessToken("alice").expiresAt().isAfter(fx.clock.instant()));
    }

    @Test
    void storeFromLoginWithoutRefreshTokenIsRefused() {
        IssuedTokens online = new IssuedTokens("at", Instant.now(), null, null, null, Set.of("openid"), null);
        assertThrows(IllegalArgumentException.class,
                () -> service.storeFromLogin(TokenFixture.key("s"), "alice", online));
        assertEquals(0, fx.store.count());
    }

    @Test
    void findListAndCountShowMetadataOnly() {
        for (String name : List.of("carol", "alice", "bob", "dave", "erin")) {
            fx.login(name, "sub-" + name);
        }

        assertEquals(5, service.count());
        assertEquals(List.of("alice", "bob"), service.list(0, 2).stream().map(GrantInfo::principal).toList());
        assertEquals(List.of("carol", "dave"), service.list(2, 2).stream().map(GrantInfo::principal).toList());
        assertEquals(List.of("erin"), service.list(4, 2).stream().map(GrantInfo::principal).toList());
        assertTrue(service.list(5, 2).isEmpty());
        GrantInfo bob = service.find("bob").orElseThrow();
        assertEquals(TokenFixture.key("sub-bob"), bob.key());
        assertEquals(Set.of("openid", "offline_access"), bob.scopes());
        assertTrue(service.find("nobody").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> service.list(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> service.list(0, 0));
    }

    @Test
    void forgetDeletesTheRowAndTheCachedTokenWithoutTellingTheProvider() {
        GrantKey key = fx.login("alice", "sub-alice");
        service.accessToken("alice");

        assertTrue(service.forget("alice"));

        assertTrue(fx.store.find(key).isEmpty());
        assertEquals(0, fx.provider.revokeCalls());
        assertThrows(NoOfflineGrantException.class, () -> service.accessToken("alice"));
        assertThrows(NoOfflineGrantException.class, () -> service.accessToken(key));
        assertFalse(service.forget("alice"));
    }

    @Test
    void revokeRevokesAtTheProviderAndMarksTheRowRevoked() {
        GrantKey key = fx.login("alice", "sub-alice");
        String token = fx.storedRefreshToken(key);
        service.accessToken("alice");

        service.revoke("alice");

        assertEquals(1, fx.provider.revokeCalls());
        assertFalse(fx.provider.isUsable(token));
        StoredGrant row = fx.row(key);
        assertEquals(GrantStatus.REVOKED, row.status());
        assertEquals("revoked_by_application", row.revokedError());
        assertEquals(fx.clock.instant(), row.revokedAt());
        assertNull(row.accessToken());
        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> service.accessToken("alice"));
        assertEquals("revoked_by_application", e.error());
    }

    @Test
    void revokeWhenProviderIsDownThenRowStaysActive() {
        GrantKey key = fx.login("alice", "sub-alice");
        fx.provider.unavailableNext();

        ProviderTemporarilyUnavailableException e = assertThrows(ProviderTemporarilyUnavailableException.class,
                () -> service.revoke("alice"));

        assertTrue(e.isRetryable());
        assertEquals(GrantStatus.ACTIVE, fx.row(key).status());
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(key)));
    }

    @Test
    void revokeWhenNothingStoredThenNoOfflineGrant() {
        assertThrows(NoOfflineGrantException.class, () -> service.revoke("nobody"));
        assertEquals(0, fx.provider.revokeCalls());
    }

    @Test
    void importTokenProvesItWithOneRefreshAndStoresTheRotatedTokenUnderTheSubject() {
        String external = fx.provider.login("sub-svc").refreshToken();

        GrantInfo info = service.importToken("svc", external);

        assertEquals(TokenFixture.key("sub-svc"), info.key());
        assertEquals("svc", info.principal());
        assertEquals(1, fx.provider.refreshCalls());
        assertFalse(fx.provider.isUsable(external), "rotation: the imported token was used");
        assertTrue(fx.provider.isUsable(fx.storedRefreshToken(info.key())));
        assertEquals(fx.clock.instant(), info.lastRefreshed());
        service.accessToken("svc");
        assertEquals(1, fx.provider.refreshCalls(), "the access token of the proof is cached");
    }

    @Test
    void importTokenWhenTheProviderRefusesItThenRevokedExceptionAndNothingStored() {
        OfflineGrantRevokedException e = assertThrows(OfflineGrantRevokedException.class,
                () -> service.importToken("svc", "not-a-token"));
        assertEquals("Invalid refresh token", e.errorDescription());
        assertEquals(0, fx.store.count());
    }

    @Test
    void importTokenWhenNoTokenNamesASubjectThenRejectedClearly() {
        fx.provider.withoutSubject();
        String external = fx.provider.login("sub-svc").refreshToken();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.importToken("svc", external));

        assertTrue(e.getMessage().contains("subject"));
        assertEquals(0, fx.store.count());
    }

    @Test
    void keySubjectOfTheServiceIsStable() {
        assertEquals(TokenFixture.key("x"), service.grantKey("x"));
        assertFalse(service.toString().contains("s3cret"));
    }
}
