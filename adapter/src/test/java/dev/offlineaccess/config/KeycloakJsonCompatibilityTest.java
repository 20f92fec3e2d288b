package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.assertNamesKeyAndFix;
import static dev.offlineaccess.config.ConfigFixtures.env;
import static dev.offlineaccess.config.ConfigFixtures.failure;
import static dev.offlineaccess.config.ConfigFixtures.json;
import static dev.offlineaccess.config.ConfigFixtures.keyEnv;
import static dev.offlineaccess.config.ConfigFixtures.load;
import static dev.offlineaccess.config.ConfigFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeycloakJsonCompatibilityTest {
    /** What Keycloak 26's admin console gives for "Action > Download adapter config > Keycloak OIDC JSON". */
    private static final String ADMIN_CONSOLE_EXPORT = """
            {
              "realm": "demo",
              "auth-server-url": "http://localhost:8180/",
              "ssl-required": "external",
              "resource": "customer-portal",
              "credentials": {
                "secret": "q8Zt1mV4cE7yN0pR2sK5wB9xA3dF6gH1"
              },
              "confidential-port": 0
            }
            """;

    /** A file written for the old Keycloak servlet adapter, with many of its options. */
    private static final String OLD_ADAPTER_FILE = """
            {
              "realm": "demo",
              "auth-server-url": "https://sso.example.com/auth/",
              "ssl-required": "external",
              "resource": "customer-portal",
              "credentials": { "secret": "${env.PORTAL_SECRET}" },
              "confidential-port": 443,
              "use-resource-role-mappings": true,
              "principal-attribute": "preferred_username",
              "enable-cors": true,
              "cors-max-age": 1000,
              "always-refresh-token": false,
              "register-node-at-startup": false,
              "token-store": "session",
              "verify-token-audience": true,
              "connection-timeout-millis": 2000,
              "socket-timeout-millis": -1
            }
            """;

    @Test
    void adminConsoleExportLoadsWithIssuerClientAndSecret() {
        LoadedSettings loaded = load(ADMIN_CONSOLE_EXPORT);
        ClientSettings client = loaded.settings().client();

        assertEquals(URI.create("http://localhost:8180/realms/demo"), client.issuer());
        assertEquals("customer-portal", client.clientId());
        assertEquals("q8Zt1mV4cE7yN0pR2sK5wB9xA3dF6gH1", client.secret().orElseThrow().value());
        assertEquals("external", loaded.settings().login().sslRequired());
    }

    @Test
    void adminConsoleExportGivesOneWarningListingTheUnusedKeys() {
        List<String> warnings = load(ADMIN_CONSOLE_EXPORT).warnings();

        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("[oidc-config.keycloak-keys-ignored] WEB-INF/oidc.json: "),
                warnings.get(0));
        assertTrue(warnings.get(0).contains("ignored: confidential-port."), warnings.get(0));
    }

    @Test
    void adminConsoleExportOnKeycloakDoesNotAddPromptConsent() {
        assertFalse(settings(ADMIN_CONSOLE_EXPORT).login().offlinePromptConsent());
    }

    @Test
    void oldAdapterFileMapsItsKeys() {
        OidcSettings settings = load(OLD_ADAPTER_FILE, env("PORTAL_SECRET", "s3cr3t-from-env",
                "OFFLINE_TOKEN_KEY", ConfigFixtures.KEY_1)).settings();

        assertEquals(URI.create("https://sso.example.com/auth/realms/demo"), settings.client().issuer());
        assertEquals("s3cr3t-from-env", settings.client().secret().orElseThrow().value());
        assertEquals("preferred_username", settings.login().principalClaim());
        assertEquals(List.of("resource_access.customer-portal.roles"), settings.login().roleClaims());
        assertEquals(Duration.ofSeconds(2), settings.http().connectTimeout());
        assertEquals(Duration.ofSeconds(10), settings.http().readTimeout(), "-1 means the default");
    }

    @Test
    void oldAdapterFileListsAllIgnoredKeysInOneWarningInFileOrder() {
        List<String> warnings = load(OLD_ADAPTER_FILE, env("PORTAL_SECRET", "x", "OFFLINE_TOKEN_KEY",
                ConfigFixtures.KEY_1)).warnings();

        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("ignored: confidential-port, enable-cors, cors-max-age,"
                + " always-refresh-token, register-node-at-startup, token-store, verify-token-audience."),
                warnings.get(0));
    }

    @Test
    void policyEnforcerIsIgnoredWithAnExplicitNote() {
        String warning = load(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com',"
                + " 'resource': 'portal', 'policy-enforcer': {'enforcement-mode': 'ENFORCING'}}")).warnings().get(0);

        assertTrue(warning.contains("policy-enforcer"), warning);
        assertTrue(warning.contains("NOT enforced"), warning);
    }

    @Test
    void authServerUrlWithoutTrailingSlashGivesTheSameIssuer() {
        OidcSettings settings = settings(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com',"
                + " 'resource': 'portal'}"));

        assertEquals(URI.create("https://sso.example.com/realms/demo"), settings.client().issuer());
    }

    @Test
    void publicClientHasNoSecret() {
        OidcSettings settings = settings(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'spa', 'public-client': true}"));

        assertTrue(settings.client().isPublicClient());
    }

    @Test
    void publicClientWithASecretIgnoresTheSecretWithAWarning() {
        LoadedSettings loaded = load(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'spa', 'public-client': true, 'credentials': {'secret': 'leftover-secret'}}"));

        assertTrue(loaded.settings().client().isPublicClient());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).startsWith("[oidc-config.secret-ignored]"));
        assertTrue(loaded.warnings().get(0).contains("'credentials.secret'"));
        assertFalse(loaded.warnings().get(0).contains("leftover-secret"));
    }

    @Test
    void confidentialClientWithoutSecretFailsNamingPublicClient() {
        ConfigurationException e = failure(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'portal', 'public-client': false}"));

        assertNamesKeyAndFix(e, "public-client", "credentials.secret");
    }

    @Test
    void bearerOnlyClientNeedsNoSecret() {
        OidcSettings settings = settings(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'api', 'public-client': false, 'bearer-only': true}"));

        assertTrue(settings.bearer().bearerOnly());
        assertTrue(settings.client().isPublicClient());
    }

    @Test
    void realmWithoutAuthServerUrlFailsNamingAuthServerUrl() {
        assertNamesKeyAndFix(failure(json("{'realm': 'demo', 'resource': 'portal'}")), "auth-server-url",
                "auth-server-url");
    }

    @Test
    void authServerUrlWithoutRealmFailsNamingRealm() {
        assertNamesKeyAndFix(failure(json("{'auth-server-url': 'https://sso.example.com/', 'resource': 'portal'}")),
                "realm", "realm");
    }

    @Test
    void realmWithASlashFailsNamingRealm() {
        assertNamesKeyAndFix(failure(json("{'realm': 'a/b', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'portal'}")), "realm", "issuer");
    }

    @Test
    void signedJwtClientAuthenticationIsRefused() {
        ConfigurationException e = failure(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'portal', 'credentials': {'jwt': {'client-keystore-file': 'classpath:k.jks'}}}"));

        assertNamesKeyAndFix(e, "credentials.jwt", "Client Id and Secret");
    }

    @Test
    void unknownKeyInsideCredentialsIsReported() {
        List<String> warnings = load(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'portal', 'credentials': {'secret': 'x', 'secrte': 'y'}}")).warnings();

        assertEquals(List.of("[oidc-config.unknown-key] WEB-INF/oidc.json: unknown key 'credentials.secrte' is"
                + " ignored; did you mean 'credentials.secret'?"), warnings);
    }

    @Test
    void issuerAndMatchingKeycloakKeysMayBeGivenTogether() {
        OidcSettings settings = settings(json("{'issuer': 'https://sso.example.com/realms/demo', 'realm': 'demo',"
                + " 'auth-server-url': 'https://sso.example.com/', 'client-id': 'portal', 'resource': 'portal'}"));

        assertEquals(URI.create("https://sso.example.com/realms/demo"), settings.client().issuer());
    }

    @Test
    void issuerConflictingWithKeycloakKeysFails() {
        ConfigurationException e = failure(json("{'issuer': 'https://other.example.com/realms/demo',"
                + " 'realm': 'demo', 'auth-server-url': 'https://sso.example.com/', 'resource': 'portal'}"));

        assertNamesKeyAndFix(e, "issuer", "auth-server-url");
    }

    @Test
    void clientIdConflictingWithResourceFails() {
        ConfigurationException e = failure(json("{'issuer': 'https://sso.example.com/realms/demo',"
                + " 'client-id': 'portal', 'resource': 'other'}"));

        assertNamesKeyAndFix(e, "client-id", "resource");
    }

    @Test
    void clientSecretConflictingWithCredentialsSecretFailsWithoutShowingEither() {
        ConfigurationException e = failure(json("{'issuer': 'https://sso.example.com/realms/demo',"
                + " 'client-id': 'portal', 'client-secret': 'first-secret', 'credentials': {'secret': 'second'}}"));

        assertNamesKeyAndFix(e, "client-secret", "credentials.secret");
        assertFalse(e.getMessage().contains("first-secret"));
        assertFalse(e.getMessage().contains("second'"));
    }

    @Test
    void explicitRoleClaimsBeatUseResourceRoleMappingsWithAWarning() {
        LoadedSettings loaded = load(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'portal', 'use-resource-role-mappings': true, 'role-claims': ['groups']}"));

        assertEquals(List.of("groups"), loaded.settings().login().roleClaims());
        assertTrue(loaded.warnings().get(0).startsWith("[oidc-config.role-mappings-overridden]"));
    }

    @Test
    void sslRequiredExternalRefusesPlainHttpForAnExternalKeycloak() {
        ConfigurationException e = failure(json("{'realm': 'demo', 'auth-server-url': 'http://sso.example.com/',"
                + " 'resource': 'portal', 'ssl-required': 'external'}"));

        assertNamesKeyAndFix(e, "auth-server-url", "https");
    }

    @Test
    void sslRequiredNoneAllowsPlainHttp() {
        OidcSettings settings = settings(json("{'realm': 'demo', 'auth-server-url': 'http://keycloak:8080/',"
                + " 'resource': 'portal', 'ssl-required': 'none'}"));

        assertEquals("none", settings.login().sslRequired());
        assertEquals("http", settings.client().issuer().getScheme());
    }

    @Test
    void keycloakFileNeedsNoOtherKeysThanItsOwn() {
        LoadedSettings loaded = load(ADMIN_CONSOLE_EXPORT, keyEnv());

        assertNull(loaded.settings().login().callbackPath());
        assertEquals(List.of("openid", "profile", "email"), loaded.settings().login().scopes());
    }
}
