package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.KEY_1;
import static dev.offlineaccess.config.ConfigFixtures.KEY_2;
import static dev.offlineaccess.config.ConfigFixtures.assertNamesKeyAndFix;
import static dev.offlineaccess.config.ConfigFixtures.env;
import static dev.offlineaccess.config.ConfigFixtures.failure;
import static dev.offlineaccess.config.ConfigFixtures.json;
import static dev.offlineaccess.config.ConfigFixtures.load;
import static dev.offlineaccess.config.ConfigFixtures.minimal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentOverridesTest {
    private static final String FILE = json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
            + " 'resource': 'portal', 'credentials': {'secret': 'file-secret'},"
            + " 'store': {'jdbc-url': 'jdbc:h2:mem:file', 'user': 'file-user', 'password': 'file-password',"
            + " 'encryption-key': '" + KEY_2 + "'}}");

    @Test
    void withoutOverridesTheFileWins() {
        OidcSettings s = load(FILE, Map.of()).settings();

        assertEquals("portal", s.client().clientId());
        assertEquals("jdbc:h2:mem:file", s.store().jdbcUrl());
        assertEquals(List.of("k1"), s.store().keys().stream().map(StoreSettings.EncryptionKeySetting::id).toList());
    }

    @Test
    void environmentBeatsTheFile() {
        OidcSettings s = load(FILE, env(
                "OIDC_ISSUER", "https://login.example.org/realms/prod",
                "OIDC_CLIENT_ID", "portal-prod",
                "OIDC_CLIENT_SECRET", "env-secret",
                "OFFLINE_DB_URL", "jdbc:postgresql://db:5432/app",
                "OFFLINE_DB_USER", "app",
                "OFFLINE_DB_PASSWORD", "env-password")).settings();

        assertEquals(URI.create("https://login.example.org/realms/prod"), s.client().issuer());
        assertEquals("portal-prod", s.client().clientId());
        assertEquals("env-secret", s.client().secret().orElseThrow().value());
        assertEquals("jdbc:postgresql://db:5432/app", s.store().jdbcUrl());
        assertEquals("app", s.store().user());
        assertEquals("env-password", s.store().password().value());
    }

    @Test
    void tokenKeyFromTheEnvironmentBecomesThePrimaryKeyWithIdEnv() {
        OidcSettings s = load(FILE, env("OFFLINE_TOKEN_KEY", KEY_1)).settings();

        assertEquals(List.of("env", "k1"), s.store().keys().stream().map(StoreSettings.EncryptionKeySetting::id)
                .toList());
        assertEquals(KEY_1, s.store().keys().get(0).key().value());
    }

    @Test
    void blankVariablesDoNotOverride() {
        OidcSettings s = load(FILE, env("OIDC_CLIENT_ID", "  ", "OFFLINE_DB_URL", "")).settings();

        assertEquals("portal", s.client().clientId());
        assertEquals("jdbc:h2:mem:file", s.store().jdbcUrl());
    }

    @Test
    void environmentAloneCanConfigureTheClient() {
        OidcSettings s = load("{}", env("OIDC_ISSUER", "https://login.example.org/realms/prod",
                "OIDC_CLIENT_ID", "portal", "OFFLINE_TOKEN_KEY", KEY_1)).settings();

        assertEquals("portal", s.client().clientId());
    }

    @Test
    void clientSecretFromTheEnvironmentMakesAPublicClientFileConfidential() {
        OidcSettings s = load(minimal("'public-client': true"), env("OIDC_CLIENT_SECRET", "env-secret",
                "OFFLINE_TOKEN_KEY", KEY_1)).settings();

        assertEquals("env-secret", s.client().secret().orElseThrow().value());
    }

    @Test
    void invalidIssuerFromTheEnvironmentNamesTheVariable() {
        ConfigurationException e = failure(minimal(""), env("OIDC_ISSUER", "login.example.org",
                "OFFLINE_TOKEN_KEY", KEY_1));

        assertNamesKeyAndFix(e, "OIDC_ISSUER", "https://");
    }

    @Test
    void invalidTokenKeyFromTheEnvironmentNamesTheVariable() {
        ConfigurationException e = failure(minimal(""), env("OFFLINE_TOKEN_KEY", "dG9vIHNob3J0"));

        assertNamesKeyAndFix(e, "OFFLINE_TOKEN_KEY", "openssl rand -base64 32");
    }

    @Test
    void invalidDatabaseUrlFromTheEnvironmentNamesTheVariable() {
        ConfigurationException e = failure(minimal(""), env("OFFLINE_DB_URL", "postgres://db/app",
                "OFFLINE_TOKEN_KEY", KEY_1));

        assertNamesKeyAndFix(e, "OFFLINE_DB_URL", "jdbc:");
    }

    @Test
    void overriddenFileKeysAreNotReportedAsUnknown() {
        assertTrue(load(FILE, env("OFFLINE_DB_PASSWORD", "x", "OIDC_CLIENT_SECRET", "y")).warnings().isEmpty());
    }
}
