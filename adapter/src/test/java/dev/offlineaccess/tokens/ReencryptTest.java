package dev.offlineaccess.tokens;

import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings.EncryptionKeySetting;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReencryptTest {
    private final String oldKey = TokenCipher.generateKey();
    private final String newKey = TokenCipher.generateKey();
    private final TokenFixture fx = TokenFixture.withRotation();

    @Test
    void afterAddingANewKeyOldRowsStayReadableAndReencryptAllMovesThem() {
        OfflineTokenService before = service(ring(key("k1", oldKey)));
        for (int i = 0; i < 130; i++) {
            before.storeFromLogin(TokenFixture.key("sub-" + i), "user" + i, fx.provider.login("sub-" + i));
        }
        OfflineTokenService rotated = service(ring(key("k2", newKey), key("k1", oldKey)));
        fx.expireAccessTokens();
        assertTrue(rotated.accessToken("user7").expiresAt().isAfter(fx.clock.instant()), "old rows readable");
        assertEquals("k2", fx.row(TokenFixture.key("sub-7")).refreshToken().keyId(), "a refresh re-seals");

        int moved = rotated.reencryptAll();

        assertEquals(129, moved);
        TokenCipher newOnly = ring(key("k2", newKey));
        for (int i = 0; i < 130; i++) {
            GrantKey key = TokenFixture.key("sub-" + i);
            StoredGrant row = fx.row(key);
            assertEquals("k2", row.refreshToken().keyId());
            assertEquals("k2", row.accessToken().keyId());
            assertTrue(fx.provider.isUsable(newOnly.open(row.refreshToken(), key)));
        }
        assertEquals(0, rotated.reencryptAll(), "nothing left to move");
    }

    @Test
    void rowsSealedWithAnUnknownKeyAreSkippedWithAWarning() {
        OfflineTokenService lost = service(ring(key("k0", TokenCipher.generateKey())));
        lost.storeFromLogin(TokenFixture.key("sub-x"), "xavier", fx.provider.login("sub-x"));
        OfflineTokenService current = service(ring(key("k2", newKey)));
        current.storeFromLogin(TokenFixture.key("sub-y"), "yvonne", fx.provider.login("sub-y"));

        try (LogCapture log = new LogCapture()) {
            assertEquals(0, current.reencryptAll());
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("OA-W004") && l.contains("xavier")));
        }
        fx.expireAccessTokens();
        SealedTokenException e = assertThrows(SealedTokenException.class, () -> current.accessToken("xavier"));
        assertEquals(SealedTokenException.Reason.UNKNOWN_KEY, e.reason());
        assertEquals(GrantStatus.ACTIVE, fx.row(TokenFixture.key("sub-x")).status(), "never revoked for that");
    }

    private OfflineTokenService service(TokenCipher cipher) {
        return OfflineTokenService.builder().client(TokenFixture.CLIENT).tokenEndpoint(fx.provider).store(fx.store)
                .cipher(cipher).clock(fx.clock).clockSkew(TokenFixture.SKEW).sleeper(fx.sleeps::add).build();
    }

    private static TokenCipher ring(EncryptionKeySetting... keys) {
        return TokenCipher.of(List.of(keys));
    }

    private static EncryptionKeySetting key(String id, String base64) {
        return new EncryptionKeySetting(id, new Secret(base64));
    }
}
