package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.KEY_1;
import static dev.offlineaccess.config.ConfigFixtures.env;
import static dev.offlineaccess.config.ConfigFixtures.json;
import static dev.offlineaccess.config.ConfigFixtures.load;
import static dev.offlineaccess.config.ConfigFixtures.minimal;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsStayHiddenTest {
    private static final String CLIENT_SECRET = "CLIENT-SECRET-VALUE-0123456789abcdef";
    private static final String DB_PASSWORD = "DB-PASSWORD-VALUE";

    @Test
    void loadedSettingsToStringShowsNoSecret() {
        LoadedSettings loaded = load(json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'portal', 'credentials': {'secret': '" + CLIENT_SECRET + "'},"
                + " 'confidential-port': 0, 'store': {'password': '" + DB_PASSWORD + "', 'encryption-key': '"
                + KEY_1 + "', 'foo': 1}}"));
        String text = loaded.toString() + loaded.settings() + loaded.warnings();

        assertHidden(text, CLIENT_SECRET, DB_PASSWORD, KEY_1);
    }

    @Test
    void secretsFromTheEnvironmentDoNotShowEither() {
        LoadedSettings loaded = load(minimal(""), env("OIDC_CLIENT_SECRET", CLIENT_SECRET, "OFFLINE_DB_PASSWORD",
                DB_PASSWORD, "OFFLINE_TOKEN_KEY", KEY_1));

        assertHidden(loaded.toString(), CLIENT_SECRET, DB_PASSWORD, KEY_1);
    }

    @Test
    void exceptionsAboutSecretValuesDoNotShowThem() {
        String badKey = "WRONG-KEY-VALUE";
        for (String document : List.of(
                minimal("'store': {'encryption-key': '" + badKey + "'}"),
                minimal("'store': {'encryption-keys': [{'id': 'k1', 'key': '" + badKey + "'}]}"),
                minimal("'store': {'encryption-key': 'QUFBQQ=='}"),
                minimal("'client-secret': '" + badKey + "', 'credentials': {'secret': 'OTHER-SECRET'}"),
                minimal("'client-secret': '" + badKey + "', 'id-token-algorithms': 'HS256'"),
                minimal("'store': {'password': ['" + badKey + "']}"),
                minimal("'client-secret': {'value': '" + badKey + "'}"),
                minimal("'store': {'jdbc-url': 'postgres://u:" + badKey + "@db/app'}"))) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(document));

            assertHidden(e.getMessage(), badKey, "OTHER-SECRET", "QUFBQQ==");
        }
    }

    @Test
    void anEnvironmentTokenKeyOfTheWrongLengthIsNotShown() {
        String shortKey = "c2hvcnQta2V5LXZhbHVl";
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> load(minimal(""), env("OFFLINE_TOKEN_KEY", shortKey)));

        assertHidden(e.getMessage(), shortKey);
    }

    @Test
    void secretToStringIsMasked() {
        assertFalse(new Secret(CLIENT_SECRET).toString().contains(CLIENT_SECRET));
    }

    private static void assertHidden(String text, String... secrets) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), () -> "found a secret in: " + text);
        }
    }
}
