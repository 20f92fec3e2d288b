package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.KEY_1;
import static dev.offlineaccess.config.ConfigFixtures.KEY_2;
import static dev.offlineaccess.config.ConfigFixtures.assertNamesKeyAndFix;
import static dev.offlineaccess.config.ConfigFixtures.env;
import static dev.offlineaccess.config.ConfigFixtures.failure;
import static dev.offlineaccess.config.ConfigFixtures.load;
import static dev.offlineaccess.config.ConfigFixtures.minimal;
import static dev.offlineaccess.config.ConfigFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlineaccess.config.StoreSettings.EncryptionKeySetting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreKeysTest {

    @Test
    void defaultsUseAnH2FileUnderTheWorkingDirectoryAndKeepAliveOn() {
        StoreSettings store = settings(minimal("")).store();

        assertNull(store.jdbcUrl());
        assertNull(store.user());
        assertNull(store.password());
        assertEquals(Path.of("data/offline-tokens").toAbsolutePath().normalize(), store.h2File());
        assertEquals(Path.of("data/offline-tokens.dev-key").toAbsolutePath().normalize(), store.devKeyFile());
        assertFalse(store.developmentMode());
        assertTrue(store.keepAlive().enabled());
        assertEquals(Duration.ofDays(30), store.keepAlive().idleTimeout());
        assertEquals(2.0 / 3.0, store.keepAlive().fraction(), 1e-9);
        assertEquals(Duration.ofHours(1), store.keepAlive().interval());
        assertEquals(Duration.ofDays(20), store.keepAlive().refreshAfter());
        assertEquals(1, store.keepAlive().concurrency(), "one refresh request at a time at the provider");
    }

    @Test
    void databaseKeys() {
        StoreSettings store = settings(minimal("'store': {'jdbc-url': 'jdbc:postgresql://db:5432/app',"
                + " 'user': 'app', 'password': 'pw'}")).store();

        assertEquals("jdbc:postgresql://db:5432/app", store.jdbcUrl());
        assertEquals("app", store.user());
        assertEquals("pw", store.password().value());
    }

    @Test
    void h2FileIsMadeAbsoluteAndLosesItsMvDbSuffix() {
        StoreSettings store = settings(minimal("'store': {'h2-file': '/var/lib/app/tokens.mv.db'}")).store();

        assertEquals(Path.of("/var/lib/app/tokens"), store.h2File());
        assertEquals(Path.of("/var/lib/app/tokens.dev-key"), store.devKeyFile());
    }

    @Test
    void h2FileNextToAJdbcUrlIsReportedAsUnused() {
        LoadedSettings loaded = load(minimal("'store': {'jdbc-url': 'jdbc:h2:mem:x', 'h2-file': 'tokens'}"));

        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).startsWith("[oidc-config.h2-file-unused]"));
    }

    @Test
    void encryptionKeysKeepTheirOrderNewestFirst() {
        List<EncryptionKeySetting> keys = load(minimal("'store': {'encryption-keys': [{'id': 'k2', 'key': '"
                + KEY_2 + "'}, {'id': 'k1', 'key': '" + KEY_1 + "'}]}"), Map.of()).settings().store().keys();

        assertEquals(List.of("k2", "k1"), keys.stream().map(EncryptionKeySetting::id).toList());
        assertEquals(KEY_2, keys.get(0).key().value());
    }

    @Test
    void singleEncryptionKeyGetsIdK1() {
        List<EncryptionKeySetting> keys = load(minimal("'store': {'encryption-key': '" + KEY_1 + "'}"), Map.of())
                .settings().store().keys();

        assertEquals(List.of(new EncryptionKeySetting("k1", new Secret(KEY_1))), keys);
    }

    @Test
    void urlSafeBase64KeyIsAccepted() {
        String urlSafe = KEY_2.replace('+', '-').replace('/', '_').replace("=", "");

        assertEquals(1, load(minimal("'store': {'encryption-key': '" + urlSafe + "'}"), Map.of()).settings()
                .store().keys().size());
    }

    @Test
    void developmentModeWithoutKeysLoadsWithAWarning() {
        LoadedSettings loaded = load(minimal("'store': {'development-mode': true, 'dev-key-file': '/tmp/x.key'}"),
                Map.of());

        assertTrue(loaded.settings().store().developmentMode());
        assertTrue(loaded.settings().store().keys().isEmpty());
        assertEquals(Path.of("/tmp/x.key"), loaded.settings().store().devKeyFile());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).startsWith("[oidc-config.development-mode]"));
        assertTrue(loaded.warnings().get(0).contains("never use this in production"));
    }

    @Test
    void developmentModeFromAnEnvironmentPlaceholder() {
        assertTrue(load(minimal("'store': {'development-mode': '${OFFLINE_DEV_MODE:false}'}"),
                env("OFFLINE_DEV_MODE", "true")).settings().store().developmentMode());
    }

    @Test
    void keepAliveKeys() {
        StoreSettings.KeepAliveSettings keepAlive = settings(minimal("'store': {'keep-alive': {'enabled': false,"
                + " 'idle-timeout': '7d', 'fraction': 0.5, 'interval': '30m', 'concurrency': 4}}")).store().keepAlive();

        assertFalse(keepAlive.enabled());
        assertEquals(Duration.ofDays(7), keepAlive.idleTimeout());
        assertEquals(0.5, keepAlive.fraction());
        assertEquals(Duration.ofMinutes(30), keepAlive.interval());
        assertEquals(4, keepAlive.concurrency());
    }

    @Test
    void noKeyAndNoDevelopmentModeFailsWithTheOpensslFix() {
        ConfigurationException e = failure(minimal(""), Map.of());

        assertNamesKeyAndFix(e, "store.encryption-keys", "OFFLINE_TOKEN_KEY to the output of"
                + " `openssl rand -base64 32`");
        assertTrue(e.fix().contains("\"development-mode\": true} for development only"), e::getMessage);
    }

    @Test
    void keyOfWrongLengthFails() {
        ConfigurationException e = failure(minimal("'store': {'encryption-key': 'c2hvcnQ='}"), Map.of());

        assertNamesKeyAndFix(e, "store.encryption-key", "openssl rand -base64 32");
        assertTrue(e.getMessage().contains("exactly 32 bytes"), e::getMessage);
    }

    @Test
    void keyThatIsNotBase64Fails() {
        ConfigurationException e = failure(minimal("'store': {'encryption-keys': [{'id': 'k1', 'key':"
                + " 'not base64 at all!'}]}"), Map.of());

        assertNamesKeyAndFix(e, "store.encryption-keys[0].key", "openssl rand -base64 32");
    }

    @Test
    void keyWithoutIdFails() {
        assertNamesKeyAndFix(failure(minimal("'store': {'encryption-keys': [{'key': '" + KEY_1 + "'}]}"), Map.of()),
                "store.encryption-keys[0].id", "k1");
    }

    @Test
    void keyIdEnvIsReserved() {
        assertNamesKeyAndFix(failure(minimal("'store': {'encryption-keys': [{'id': 'env', 'key': '" + KEY_1
                + "'}]}"), Map.of()), "store.encryption-keys[0].id", "another id");
    }

    @Test
    void duplicateKeyIdsFail() {
        assertNamesKeyAndFix(failure(minimal("'store': {'encryption-keys': [{'id': 'a', 'key': '" + KEY_1
                + "'}, {'id': 'a', 'key': '" + KEY_2 + "'}]}"), Map.of()), "store.encryption-keys", "own id");
    }

    @Test
    void invalidKeyIdFails() {
        assertNamesKeyAndFix(failure(minimal("'store': {'encryption-keys': [{'id': 'my key', 'key': '" + KEY_1
                + "'}]}"), Map.of()), "store.encryption-keys[0].id", "letters, digits");
    }

    @Test
    void singleKeyTogetherWithKeyListFails() {
        assertNamesKeyAndFix(failure(minimal("'store': {'encryption-key': '" + KEY_1 + "', 'encryption-keys':"
                + " [{'id': 'k2', 'key': '" + KEY_2 + "'}]}"), Map.of()), "store.encryption-key",
                "store.encryption-keys");
    }

    @Test
    void jdbcUrlWithoutJdbcSchemeFails() {
        assertNamesKeyAndFix(failure(minimal("'store': {'jdbc-url': 'postgresql://db/app'}")), "store.jdbc-url",
                "jdbc:");
    }

    @Test
    void keepAliveFractionOutsideZeroAndOneFails() {
        assertNamesKeyAndFix(failure(minimal("'store': {'keep-alive': {'fraction': 1.5}}")),
                "store.keep-alive.fraction", "0.66");
    }

    @Test
    void keepAliveConcurrencyOutsideOneToEightFails() {
        assertNamesKeyAndFix(failure(minimal("'store': {'keep-alive': {'concurrency': 0}}")),
                "store.keep-alive.concurrency", "1 (the default)");
        assertNamesKeyAndFix(failure(minimal("'store': {'keep-alive': {'concurrency': 9}}")),
                "store.keep-alive.concurrency", "1 (the default)");
    }

    @Test
    void keepAliveIntervalTooLongForTheIdleTimeoutFails() {
        assertNamesKeyAndFix(failure(minimal("'store': {'keep-alive': {'idle-timeout': '1d', 'interval': '12h'}}")),
                "store.keep-alive.interval", "more often");
    }

    @Test
    void keepAliveIdleTimeoutMustBePositive() {
        assertNamesKeyAndFix(failure(minimal("'store': {'keep-alive': {'idle-timeout': 0}}")),
                "store.keep-alive.idle-timeout", "positive duration");
    }

    @Test
    void storeThatIsNotAnObjectFails() {
        assertNamesKeyAndFix(failure(minimal("'store': 'h2'")), "store", "{ ... }");
    }
}
