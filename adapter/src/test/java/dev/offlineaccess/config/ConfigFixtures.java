package dev.offlineaccess.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Builds configuration documents and loads them with an injected environment. */
final class ConfigFixtures {
    /** Base64 of the 32 bytes 1..32: a valid AES-256 key. */
    static final String KEY_1 = key(1);
    /** Base64 of the 32 bytes 101..132. */
    static final String KEY_2 = key(101);
    static final String SOURCE = "WEB-INF/oidc.json";

    private ConfigFixtures() {
    }

    static String key(int first) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (first + i);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** JSON written with single quotes for readability: every {@code '} becomes {@code "}. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A minimal valid document (issuer, client id) plus the given members, e.g. {@code 'scopes': 'openid'}. */
    static String minimal(String extraMembers) {
        String extra = extraMembers.isBlank() ? "" : ", " + extraMembers;
        return json("{'issuer': 'https://login.example.com/realms/demo', 'client-id': 'portal'" + extra + "}");
    }

    /** An environment that only holds an encryption key, so the store validates. */
    static Map<String, String> keyEnv() {
        return env("OFFLINE_TOKEN_KEY", KEY_1);
    }

    static Map<String, String> env(String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    static LoadedSettings load(String json) {
        return load(json, keyEnv());
    }

    static LoadedSettings load(String json, Map<String, String> env) {
        return load(json, env, Map.of());
    }

    static LoadedSettings load(String json, Map<String, String> env, Map<String, String> properties) {
        try {
            return SettingsLoader.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), SOURCE,
                    env::get, properties::get);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OidcSettings settings(String json) {
        return load(json).settings();
    }

    static ConfigurationException failure(String json) {
        return failure(json, keyEnv());
    }

    static ConfigurationException failure(String json, Map<String, String> env) {
        return assertThrows(ConfigurationException.class, () -> load(json, env));
    }

    /** Asserts the exception names the key and that both message and fix mention each of the given words. */
    static void assertNamesKeyAndFix(ConfigurationException e, String key, String fixMentions) {
        assertTrue(e.key().equals(key), () -> "expected key " + key + " but was " + e.key() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("'" + key + "'"), e::getMessage);
        assertTrue(e.fix().contains(fixMentions), () -> "fix should mention '" + fixMentions + "': " + e.fix());
        assertTrue(e.getMessage().endsWith("Fix: " + e.fix()), e::getMessage);
    }
}
