package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.KEY_1;
import static dev.offlineaccess.config.ConfigFixtures.json;
import static dev.offlineaccess.config.ConfigFixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every key the catalogue knows is really read, and documented. */
class KeyCatalogueTest {
    private static final String EVERY_KEY = json("""
            {'issuer': 'https://sso.example.com/realms/demo', 'client-id': 'portal', 'client-secret': 'x',
             'scopes': 'openid', 'callback-path': '/cb', 'logout-path': '/logout', 'post-logout-redirect': '/',
             'backchannel-logout-path': '/bcl', 'offline-access': 'always', 'offline-prompt-consent': true,
             'principal-claim': 'sub', 'role-claims': ['roles'], 'id-token-algorithms': ['RS256'],
             'max-pending-logins': 5, 'ssl-required': 'external', 'bearer-only': false, 'bearer-paths': ['/api/*'],
             'audience': 'portal', 'introspection-cache-ttl': '10s', 'clock-skew': '30s', 'connect-timeout': '3s',
             'read-timeout': '4s', 'jwt-cache-size': 500,
             'realm': 'demo', 'auth-server-url': 'https://sso.example.com', 'resource': 'portal',
             'credentials': {'secret': 'x', 'provider': 'secret'}, 'public-client': false,
             'principal-attribute': 'sub', 'use-resource-role-mappings': false,
             'connection-timeout-millis': 3000, 'socket-timeout-millis': 4000,
             'store': {'jdbc-url': 'jdbc:h2:mem:t', 'user': 'sa', 'password': 'pw', 'h2-file': null,
                       'encryption-keys': [{'id': 'k2', 'key': 'KEY'}], 'encryption-key': null,
                       'development-mode': false, 'dev-key-file': 'dev.key',
                       'keep-alive': {'enabled': true, 'idle-timeout': '30d', 'fraction': 0.66, 'interval': '1h',
                                      'concurrency': 2}}}
            """).replace("KEY", KEY_1);

    @Test
    void everyKnownKeyIsReadSoNoneIsReportedAsUnknown() {
        assertEquals(List.of(), load(EVERY_KEY, Map.of()).warnings());
    }

    @Test
    void theDocumentWithEveryKeyReallyHasEveryKey() {
        Set<String> missing = new TreeSet<>(Keys.GENERIC);
        missing.addAll(Keys.KEYCLOAK_MAPPED);
        missing.addAll(Keys.STORE);
        missing.addAll(Keys.KEEP_ALIVE);
        missing.removeIf(key -> EVERY_KEY.contains("\"" + key + "\""));

        assertEquals(Set.of(), missing);
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        List<String> undocumented = new ArrayList<>();
        for (Set<String> keys : List.of(Keys.GENERIC, Keys.KEYCLOAK_MAPPED, Keys.KEYCLOAK_IGNORED, Keys.STORE,
                Keys.KEEP_ALIVE, Keys.CREDENTIALS)) {
            keys.stream().filter(key -> !doc.contains("`" + key + "`")).forEach(undocumented::add);
        }
        for (String variable : List.of("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OFFLINE_DB_URL",
                "OFFLINE_DB_USER", "OFFLINE_DB_PASSWORD", "OFFLINE_TOKEN_KEY")) {
            if (!doc.contains("`" + variable + "`")) {
                undocumented.add(variable);
            }
        }
        assertTrue(undocumented.isEmpty(), () -> "not in docs/configuration.md: " + undocumented);
    }
}
