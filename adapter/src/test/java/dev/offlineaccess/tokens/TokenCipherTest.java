package dev.offlineaccess.tokens;

import dev.offlineaccess.config.ConfigurationException;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.config.StoreSettings.EncryptionKeySetting;
import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCipherTest {
    private static final String TOKEN = "eyJhbGciOiJIUzUxMiJ9.offline-token-payload.signature";
    private static final GrantKey ALICE = TokenFixture.key("sub-alice");
    private static final String K1 = TokenCipher.generateKey();
    private static final String K2 = TokenCipher.generateKey();

    @TempDir
    Path dir;

    @Test
    void sealThenOpenGivesTheTokenBack() {
        TokenCipher cipher = ring(key("k1", K1));
        SealedToken sealed = cipher.seal(TOKEN, ALICE);

        assertEquals("k1", sealed.keyId());
        assertEquals(TOKEN, cipher.open(sealed, ALICE));
    }

    @Test
    void sealedTextContainsNoPlaintextAndDiffersEachTime() {
        TokenCipher cipher = ring(key("k1", K1));
        SealedToken a = cipher.seal(TOKEN, ALICE);
        SealedToken b = cipher.seal(TOKEN, ALICE);

        assertFalse(a.ciphertext().contains("offline-token-payload"));
        String decoded = new String(Base64.getDecoder().decode(a.ciphertext()), StandardCharsets.ISO_8859_1);
        assertFalse(decoded.contains("offline-token-payload"));
        assertNotEquals(a.ciphertext(), b.ciphertext(), "a fresh nonce every time");
        assertEquals(12 + TOKEN.length() + 16, Base64.getDecoder().decode(a.ciphertext()).length);
        assertFalse(a.toString().contains(a.ciphertext()));
    }

    @Test
    void openWithAnotherGrantAsAadFails() {
        TokenCipher cipher = ring(key("k1", K1));
        SealedToken sealed = cipher.seal(TOKEN, ALICE);

        for (GrantKey other : List.of(TokenFixture.key("sub-bob"),
                new GrantKey(TokenFixture.ISSUER, "other-client", "sub-alice"),
                new GrantKey("https://evil.example", TokenFixture.CLIENT_ID, "sub-alice"))) {
            SealedTokenException e = assertThrows(SealedTokenException.class, () -> cipher.open(sealed, other));
            assertEquals(SealedTokenException.Reason.NOT_AUTHENTIC, e.reason());
        }
    }

    @Test
    void aadCannotBeForgedByMovingTheSeparator() {
        TokenCipher cipher = ring(key("k1", K1));
        GrantKey a = new GrantKey("iss|x", "client", "sub");
        GrantKey b = new GrantKey("iss", "x|client", "sub");
        SealedToken sealed = cipher.seal(TOKEN, a);

        assertThrows(SealedTokenException.class, () -> cipher.open(sealed, b));
    }

    @Test
    void openAlteredCiphertextFails() {
        TokenCipher cipher = ring(key("k1", K1));
        byte[] raw = Base64.getDecoder().decode(cipher.seal(TOKEN, ALICE).ciphertext());
        raw[20] ^= 1;
        SealedToken altered = new SealedToken("k1", Base64.getEncoder().encodeToString(raw));

        assertThrows(SealedTokenException.class, () -> cipher.open(altered, ALICE));
        assertThrows(SealedTokenException.class, () -> cipher.open(new SealedToken("k1", "bm9wZQ=="), ALICE));
        assertThrows(SealedTokenException.class, () -> cipher.open(new SealedToken("k1", "***"), ALICE));
    }

    @Test
    void openWithUnknownKeyIdIsATypedError() {
        SealedToken sealed = ring(key("old", K1)).seal(TOKEN, ALICE);

        SealedTokenException e = assertThrows(SealedTokenException.class,
                () -> ring(key("new", K2)).open(sealed, ALICE));

        assertEquals(SealedTokenException.Reason.UNKNOWN_KEY, e.reason());
        assertEquals("old", e.keyId());
        assertTrue(e.getMessage().contains("OFFLINE_TOKEN_KEY"));
    }

    @Test
    void keyRotationNewestSealsAllOpen() {
        SealedToken old = ring(key("k1", K1)).seal(TOKEN, ALICE);
        TokenCipher rotated = ring(key("k2", K2), key("k1", K1));

        assertEquals(TOKEN, rotated.open(old, ALICE));
        assertFalse(rotated.isPrimary(old));
        SealedToken resealed = rotated.reseal(old, ALICE);
        assertEquals("k2", resealed.keyId());
        assertTrue(rotated.isPrimary(resealed));
        assertEquals(TOKEN, ring(key("k2", K2)).open(resealed, ALICE));
        assertEquals("k2", rotated.primaryKeyId());
    }

    @Test
    void urlSafeBase64KeysAreAccepted() {
        String urlSafe = K1.replace('+', '-').replace('/', '_');
        SealedToken sealed = ring(key("k1", urlSafe)).seal(TOKEN, ALICE);
        assertEquals(TOKEN, ring(key("k1", K1)).open(sealed, ALICE));
    }

    @Test
    void badKeysAreConfigurationErrorsWithoutTheKeyValue() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        ConfigurationException tooShort = assertThrows(ConfigurationException.class,
                () -> ring(key("k1", shortKey)));
        assertFalse(tooShort.getMessage().contains(shortKey));
        assertThrows(ConfigurationException.class, () -> ring(key("k1", "not base64 !")));
        assertThrows(ConfigurationException.class, () -> ring(key("k1", K1), key("k1", K2)));
        assertThrows(ConfigurationException.class, () -> ring(key("has space", K1)));
        assertThrows(ConfigurationException.class, () -> TokenCipher.of(List.of()));
    }

    @Test
    void fromSettingsWithKeysUsesThemInOrder() {
        TokenCipher cipher = TokenCipher.fromSettings(settings(List.of(key("k2", K2), key("k1", K1)), false));
        assertEquals("k2", cipher.primaryKeyId());
        assertEquals(java.util.Set.of("k1", "k2"), cipher.keyIds());
        assertFalse(Files.exists(dir.resolve("dev.key")));
    }

    @Test
    void fromSettingsWithoutKeyAndWithoutDevelopmentModeNamesOfflineTokenKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TokenCipher.fromSettings(settings(List.of(), false)));

        assertEquals("OFFLINE_TOKEN_KEY", e.key());
        assertFalse(Files.exists(dir.resolve("dev.key")));
    }

    @Test
    void developmentModeCreatesAnOwnerOnlyKeyFileOnceAndReusesIt() throws Exception {
        Path file = dir.resolve("sub/dev.key");
        try (LogCapture log = new LogCapture()) {
            TokenCipher first = TokenCipher.fromSettings(settings(List.of(), true, file));
            String content = Files.readString(file);
            SealedToken sealed = first.seal(TOKEN, ALICE);

            TokenCipher second = TokenCipher.fromSettings(settings(List.of(), true, file));

            assertEquals(content, Files.readString(file), "the file is not rewritten");
            assertEquals(first.primaryKeyId(), second.primaryKeyId());
            assertTrue(first.primaryKeyId().startsWith("dev-"));
            assertEquals(TOKEN, second.open(sealed, ALICE));
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARNING OA-W001")
                    && l.contains("development")), log.lines().toString());
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(content.trim())), "never the key itself");
        }
    }

    @Test
    void developmentModeWithACorruptKeyFileIsAConfigurationError() throws Exception {
        Path file = dir.resolve("dev.key");
        Files.writeString(file, "garbage");

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TokenCipher.fromSettings(settings(List.of(), true, file)));

        assertEquals("store.dev-key-file", e.key());
    }

    @Test
    void toStringShowsNoKey() {
        TokenCipher cipher = ring(key("k1", K1));
        assertFalse(cipher.toString().contains(K1));
        assertTrue(cipher.toString().contains("k1"));
    }

    private static TokenCipher ring(EncryptionKeySetting... keys) {
        return TokenCipher.of(List.of(keys));
    }

    private static EncryptionKeySetting key(String id, String base64) {
        return new EncryptionKeySetting(id, new Secret(base64));
    }

    private StoreSettings settings(List<EncryptionKeySetting> keys, boolean dev) {
        return settings(keys, dev, dir.resolve("dev.key"));
    }

    private StoreSettings settings(List<EncryptionKeySetting> keys, boolean dev, Path devKeyFile) {
        return new StoreSettings(null, null, null, dir.resolve("tokens"), keys, dev, devKeyFile,
                new KeepAliveSettings(true, Duration.ofDays(30), 2.0 / 3, Duration.ofHours(1)));
    }
}
