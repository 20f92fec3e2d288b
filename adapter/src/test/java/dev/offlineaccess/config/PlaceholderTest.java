package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.KEY_1;
import static dev.offlineaccess.config.ConfigFixtures.assertNamesKeyAndFix;
import static dev.offlineaccess.config.ConfigFixtures.env;
import static dev.offlineaccess.config.ConfigFixtures.json;
import static dev.offlineaccess.config.ConfigFixtures.load;
import static dev.offlineaccess.config.ConfigFixtures.minimal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholderTest {
    private final PlaceholderResolver resolver = new PlaceholderResolver(
            Map.of("HOST", "env-host", "EMPTY", "")::get, Map.of("HOST", "property-host", "app.port", "8443")::get);

    @Test
    void envFormReadsTheEnvironmentOnly() {
        assertEquals("https://env-host/x", resolver.resolve("k", "https://${env.HOST}/x"));
    }

    @Test
    void plainFormPrefersSystemPropertiesOverTheEnvironment() {
        assertEquals("property-host:8443", resolver.resolve("k", "${HOST}:${app.port}"));
    }

    @Test
    void defaultIsUsedOnlyWhenUnset() {
        assertEquals("fallback", resolver.resolve("k", "${MISSING:fallback}"));
        assertEquals("fallback", resolver.resolve("k", "${env.MISSING:fallback}"));
        assertEquals("", resolver.resolve("k", "${EMPTY:fallback}"));
        assertEquals("property-host", resolver.resolve("k", "${HOST:fallback}"));
    }

    @Test
    void defaultMayContainColons() {
        assertEquals("http://localhost:8180", resolver.resolve("k", "${URL:http://localhost:8180}"));
    }

    @Test
    void doubledDollarIsALiteralPlaceholderStart() {
        assertEquals("${HOST}", resolver.resolve("k", "$${HOST}"));
        assertEquals("cost $5", resolver.resolve("k", "cost $5"));
    }

    @Test
    void expandedValuesAreNotExpandedAgain() {
        PlaceholderResolver r = new PlaceholderResolver(Map.of("A", "${B}", "B", "b")::get, name -> null);

        assertEquals("${B}", r.resolve("k", "${A}"));
    }

    @Test
    void missingEnvironmentVariableFailsNamingKeyAndVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> resolver.resolve("store.password", "${env.DB_PASSWORD}"));

        assertNamesKeyAndFix(e, "store.password", "DB_PASSWORD");
        assertTrue(e.getMessage().contains("environment variable DB_PASSWORD, which is not set"), e::getMessage);
    }

    @Test
    void missingPlainVariableFailsNamingKeyAndVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> resolver.resolve("issuer", "${KEYCLOAK_URL}/realms/demo"));

        assertNamesKeyAndFix(e, "issuer", "${KEYCLOAK_URL:value}");
    }

    @Test
    void unclosedPlaceholderFails() {
        assertNamesKeyAndFix(assertThrows(ConfigurationException.class, () -> resolver.resolve("issuer", "${HOST")),
                "issuer", "$${");
    }

    @Test
    void invalidVariableNameFails() {
        assertNamesKeyAndFix(assertThrows(ConfigurationException.class, () -> resolver.resolve("issuer", "${}")),
                "issuer", "${env.NAME}");
    }

    @Test
    void placeholdersWorkInEveryStringValueOfTheFile() {
        LoadedSettings loaded = load(json("{'issuer': '${env.KC}/realms/demo', 'client-id': '${CLIENT:portal}',"
                        + " 'scopes': ['${EXTRA_SCOPE}'], 'bearer-only': '${BEARER:false}',"
                        + " 'store': {'encryption-keys': [{'id': 'k1', 'key': '${env.KEY}'}]}}"),
                env("KC", "https://sso.example.com", "EXTRA_SCOPE", "phone", "KEY", KEY_1),
                Map.of("BEARER", "true"));
        OidcSettings s = loaded.settings();

        assertEquals(URI.create("https://sso.example.com/realms/demo"), s.client().issuer());
        assertEquals("portal", s.client().clientId());
        assertEquals(List.of("openid", "phone"), s.login().scopes());
        assertTrue(s.bearer().bearerOnly());
        assertEquals(KEY_1, s.store().keys().get(0).key().value());
    }

    @Test
    void missingVariableInTheFileFailsNamingTheFullKeyPath() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(minimal(
                "'store': {'encryption-keys': [{'id': 'k1', 'key': '${env.TOKEN_KEY}'}]}"), Map.of()));

        assertNamesKeyAndFix(e, "store.encryption-keys[0].key", "TOKEN_KEY");
    }

    @Test
    void missingVariableInAnArrayItemNamesTheItem() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> load(minimal("'scopes': ['profile', '${env.NOPE}']")));

        assertNamesKeyAndFix(e, "scopes[1]", "NOPE");
    }

    @Test
    void valueThatExpandsToEmptyCountsAsAbsent() {
        OidcSettings s = load(minimal("'callback-path': '${CALLBACK:}'")).settings();

        assertEquals(null, s.login().callbackPath());
    }
}
