package dev.offlineaccess.tokens;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access-token cache stays within its bound whatever number of users a job walks through. */
class AccessTokenCacheBoundTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void refreshedTokensOfManyUsersStayWithinTheBound() {
        AccessTokenCache cache = new AccessTokenCache(Duration.ofSeconds(60));
        for (int i = 0; i < 5 * AccessTokenCache.MAX_ENTRIES; i++) {
            GrantKey key = new GrantKey("https://op.example", "client", "sub-" + i);
            cache.remember("user-" + i, key);
            cache.putIfUnchanged(key, token(i), cache.stamp());
            assertTrue(cache.size() <= AccessTokenCache.MAX_ENTRIES, "tokens: " + cache.size());
            assertTrue(cache.principalCount() <= AccessTokenCache.MAX_ENTRIES, "names: " + cache.principalCount());
        }
        assertTrue(cache.size() >= AccessTokenCache.MAX_ENTRIES * 3 / 4, "trimmed to three quarters, not emptied");
    }

    @Test
    void loginsOfManyUsersStayWithinTheBoundAndBelowItNothingIsDropped() {
        AccessTokenCache cache = new AccessTokenCache(Duration.ofSeconds(60));
        for (int i = 0; i < AccessTokenCache.MAX_ENTRIES; i++) {
            cache.replace(new GrantKey("https://op.example", "client", "sub-" + i), "user-" + i, token(i));
        }
        assertEquals(AccessTokenCache.MAX_ENTRIES, cache.size());
        assertNotNull(cache.valid(new GrantKey("https://op.example", "client", "sub-0"), NOW));
        for (int i = AccessTokenCache.MAX_ENTRIES; i < 3 * AccessTokenCache.MAX_ENTRIES; i++) {
            cache.replace(new GrantKey("https://op.example", "client", "sub-" + i), "user-" + i, token(i));
        }
        assertTrue(cache.size() <= AccessTokenCache.MAX_ENTRIES);
        assertTrue(cache.principalCount() <= AccessTokenCache.MAX_ENTRIES);
    }

    private static AccessToken token(int i) {
        return new AccessToken("access-" + i, NOW.plus(Duration.ofHours(1)), Set.of("openid"));
    }
}
