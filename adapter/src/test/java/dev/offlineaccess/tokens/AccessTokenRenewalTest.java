package dev.offlineaccess.tokens;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** When a cached access token stops being handed out: the clock skew before expiry, at most half its life. */
class AccessTokenRenewalTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final GrantKey KEY = new GrantKey("https://op.example", "client", "sub-1");

    @Test
    void aLongLivedTokenIsRenewedTheSkewBeforeItExpires() {
        assertEquals(T0.plusSeconds(240), AccessTokenCache.renewAt(T0.plusSeconds(300), T0, SKEW));
    }

    @Test
    void aTokenLivingLessThanTwiceTheSkewIsRenewedHalfwayThroughItsLife() {
        assertEquals(T0.plusSeconds(30), AccessTokenCache.renewAt(T0.plusSeconds(60), T0, SKEW));
    }

    @Test
    void whenTheIssueTimeIsUnknownTheWholeSkewApplies() {
        assertEquals(T0, AccessTokenCache.renewAt(T0.plusSeconds(60), null, SKEW));
    }

    @Test
    void keycloaksSixtySecondTokensWithTheDefaultSkewAreReusedForThirtySeconds() {
        AccessTokenCache cache = new AccessTokenCache(SKEW);
        cache.putIfUnchanged(KEY, new AccessToken("at", T0.plusSeconds(60), Set.of()), T0, cache.stamp());

        assertNotNull(cache.valid(KEY, T0.plusSeconds(29)), "30 s or more left: handed out");
        assertNull(cache.valid(KEY, T0.plusSeconds(30)), "half its life is over: renewed");
    }

    @Test
    void withTheDefaultSkewTheTokenApiReusesASixtySecondTokenForHalfItsLife() {
        TokenFixture fx = TokenFixture.withRotation();
        OfflineTokenService service = OfflineTokenService.builder().client(TokenFixture.CLIENT)
                .tokenEndpoint(fx.provider).store(fx.store).cipher(fx.cipher).clock(fx.clock).clockSkew(SKEW).build();
        GrantKey key = TokenFixture.key("sub-anna");
        service.storeFromLogin(key, "anna", fx.provider.login("sub-anna"));
        int before = fx.provider.refreshCalls();

        fx.clock.advance(Duration.ofSeconds(20));
        service.accessToken("anna");
        int after20s = fx.provider.refreshCalls();
        fx.clock.advance(Duration.ofSeconds(11));
        service.accessToken("anna");

        assertEquals(before, after20s, "20 s into its 60 s life the login's token is handed out");
        assertEquals(before + 1, fx.provider.refreshCalls(), "31 s in it is renewed");
    }
}
