package dev.offlineaccess.session;

import dev.offlineaccess.provider.InvalidIdTokenException;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderError;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.testing.TestClock;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.OfflineGrantRevokedException;
import dev.offlineaccess.tokens.OfflineTokenException;
import dev.offlineaccess.tokens.ProviderTemporarilyUnavailableException;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionRefresherTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private final StubProviderCalls provider = new StubProviderCalls();
    private final StubOfflineTokens offlineTokens = new StubOfflineTokens();
    private final SessionRefresher refresher = new SessionRefresher(provider, offlineTokens,
            new RoleMapper(List.of("realm_access.roles"), "portal"), clock, Duration.ofSeconds(10));

    @Test
    void ensureFreshWhenAccessTokenValidThenNoCall() {
        UserSession session = Sessions.online(NOW.plusSeconds(60));
        RefreshOutcome.Fresh fresh = assertInstanceOf(RefreshOutcome.Fresh.class, refresher.ensureFresh(session));
        assertSame(session, fresh.session());
        assertFalse(fresh.refreshed());
        assertTrue(provider.calls.isEmpty());
    }

    @Test
    void ensureFreshWhenOnlineAndExpiredThenRefreshesWithTheSessionsRefreshToken() {
        provider.refreshed = new IssuedTokens("access-2", NOW.plusSeconds(300), "refresh-2", "Refresh", null,
                Set.of("openid"), null);
        provider.accessTokenClaims = Map.of("realm_access", Map.of("roles", List.of("user", "admin")));
        RefreshOutcome.Fresh fresh = assertInstanceOf(RefreshOutcome.Fresh.class,
                refresher.ensureFresh(Sessions.online(NOW.plusSeconds(5))));
        assertTrue(fresh.refreshed());
        assertEquals("refresh-1", provider.lastArguments.get("refreshToken"));
        assertEquals("access-2", fresh.session().accessToken());
        assertEquals("refresh-2", fresh.session().refreshToken());
        assertEquals(Set.of("user", "admin"), fresh.session().roles());
        assertTrue(offlineTokens.requested.isEmpty());
    }

    @Test
    void ensureFreshWhenRefreshedIdTokenComesBackThenItsSubjectIsChecked() {
        provider.refreshed = new IssuedTokens("access-2", NOW.plusSeconds(300), null, null, null, Set.of(),
                "id-2");
        provider.idTokenFailure = new InvalidIdTokenException(InvalidIdTokenException.Reason.SUBJECT_MISMATCH, "x");
        RefreshOutcome.Ended ended = assertInstanceOf(RefreshOutcome.Ended.class,
                refresher.ensureFresh(Sessions.online(NOW)));
        assertEquals("sub-alice", provider.lastArguments.get("expectedSubject"));
        assertTrue(ended.reason().contains("SUBJECT_MISMATCH"));
    }

    @Test
    void ensureFreshWhenProviderRefusesTheRefreshTokenThenEnded() {
        provider.refreshFailure = new ProviderRejectedException("refresh",
                new ProviderError(400, "invalid_grant", "Session not active"));
        RefreshOutcome outcome = refresher.ensureFresh(Sessions.online(NOW));
        assertTrue(assertInstanceOf(RefreshOutcome.Ended.class, outcome).reason().contains("invalid_grant"));
    }

    @Test
    void ensureFreshWhenProviderDownThenUnavailableAndSessionKept() {
        provider.refreshFailure = new ProviderUnavailableException("connection refused");
        RefreshOutcome.Unavailable unavailable = assertInstanceOf(RefreshOutcome.Unavailable.class,
                refresher.ensureFresh(Sessions.online(NOW)));
        assertEquals(RefreshOutcome.Dependency.PROVIDER, unavailable.down());
    }

    @Test
    void ensureFreshWhenOnlineSessionHasNoRefreshTokenThenEnded() {
        UserSession session = Sessions.online(NOW);
        UserSession withoutRefresh = new UserSession(session.issuer(), session.clientId(), session.subject(),
                session.principalName(), session.roles(), session.idToken(), Map.of(), "a", NOW, Set.of(), null,
                false, "c", NOW);
        assertInstanceOf(RefreshOutcome.Ended.class, refresher.ensureFresh(withoutRefresh));
        assertTrue(provider.calls.isEmpty());
    }

    @Test
    void ensureFreshWhenOfflineThenRoutedThroughTheTokenServiceNeverTheProvidersRefresh() {
        offlineTokens.next = new AccessToken("access-from-store", NOW.plusSeconds(300), Set.of("offline_access"));
        RefreshOutcome.Fresh fresh = assertInstanceOf(RefreshOutcome.Fresh.class,
                refresher.ensureFresh(Sessions.offline(NOW)));
        assertEquals(List.of(Sessions.offline(NOW).grantKey().orElseThrow()), offlineTokens.requested);
        assertFalse(provider.calls.contains("refresh"));
        assertEquals("access-from-store", fresh.session().accessToken());
        assertTrue(fresh.session().offline());
    }

    @Test
    void ensureFreshWhenOfflineGrantRevokedThenEnded() {
        offlineTokens.failure = new OfflineGrantRevokedException("alice", "invalid_grant", "Offline user session "
                + "not found");
        assertInstanceOf(RefreshOutcome.Ended.class, refresher.ensureFresh(Sessions.offline(NOW)));
    }

    @Test
    void ensureFreshWhenTokenServiceSaysTheProviderIsDownThenUnavailableNamingTheProvider() {
        assertEquals(RefreshOutcome.Dependency.PROVIDER,
                downWhenTheTokenServiceThrows(new ProviderTemporarilyUnavailableException("alice", "down", null)));
    }

    @Test
    void ensureFreshWhenTokenStoreDownThenUnavailableNamingTheStoreAndTheProviderIsNotAsked() {
        assertEquals(RefreshOutcome.Dependency.TOKEN_STORE,
                downWhenTheTokenServiceThrows(new TokenStoreUnavailableException("alice", "database down", null)));
        assertTrue(provider.calls.isEmpty(), "nothing asked of the provider: " + provider.calls);
    }

    /** What an expired offline session's renewal says is down when the token service throws {@code failure}. */
    private RefreshOutcome.Dependency downWhenTheTokenServiceThrows(OfflineTokenException failure) {
        offlineTokens.failure = failure;
        return assertInstanceOf(RefreshOutcome.Unavailable.class, refresher.ensureFresh(Sessions.offline(NOW)))
                .down();
    }

    @Test
    void needsRefreshFollowsTheInjectedClock() {
        UserSession session = Sessions.online(NOW.plusSeconds(60));
        assertFalse(refresher.needsRefresh(session));
        clock.advance(Duration.ofSeconds(51));
        assertTrue(refresher.needsRefresh(session));
    }
}
