package dev.offlineaccess.provider;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Parsing of token-endpoint answers into {@link IssuedTokens}. */
class TokenResponsesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static IssuedTokens parse(Map<String, Object> json, Set<String> requested) throws Exception {
        return TokenResponses.parse("test", json, requested, CLOCK);
    }

    @Test
    void parseWhenExpiresInMissingThenFiveMinutes() throws Exception {
        IssuedTokens tokens = parse(Map.of("access_token", "a"), null);
        assertEquals(NOW.plus(TokenResponses.DEFAULT_ACCESS_TOKEN_LIFETIME), tokens.accessTokenExpiresAt());
        assertEquals(NOW.plusSeconds(300), tokens.accessTokenExpiresAt());
    }

    @Test
    void parseWhenScopeMissingThenTheRequestedScopes() throws Exception {
        assertEquals(Set.of("openid"), parse(Map.of("access_token", "a"), Set.of("openid")).scopes());
        assertEquals(Set.of(), parse(Map.of("access_token", "a"), null).scopes());
    }

    @Test
    void parseWhenScopeOrderVariesThenTheSameSet() throws Exception {
        IssuedTokens one = parse(Map.of("access_token", "a", "scope", "openid offline_access email"), null);
        IssuedTokens two = parse(Map.of("access_token", "a", "scope", "email  openid offline_access "), null);
        assertEquals(one.scopes(), two.scopes());
    }

    @Test
    void parseWhenRefreshTokenIsOpaqueThenNoTypeAndRefreshExpiresInUsed() throws Exception {
        IssuedTokens tokens = parse(Map.of("access_token", "a", "refresh_token", "opaque",
                "refresh_expires_in", 1800), null);
        assertNull(tokens.refreshTokenType());
        assertEquals(NOW.plusSeconds(1800), tokens.refreshExpiresAt());
    }

    @Test
    void parseWhenRefreshExpiresInIsZeroThenNoExpiry() throws Exception {
        assertNull(parse(Map.of("access_token", "a", "refresh_token", "r", "refresh_expires_in", 0), null)
                .refreshExpiresAt());
    }

    @Test
    void parseWhenNoAccessTokenThenUnavailable() {
        assertThrows(ProviderUnavailableException.class, () -> parse(Map.of("token_type", "Bearer"), null));
    }

    @Test
    void toStringShowsNoToken() throws Exception {
        String shown = parse(Map.of("access_token", "secret-at", "refresh_token", "secret-rt"), null).toString();
        assertEquals(-1, shown.indexOf("secret"));
    }
}
