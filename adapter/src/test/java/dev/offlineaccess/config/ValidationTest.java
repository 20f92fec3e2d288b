package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.assertNamesKeyAndFix;
import static dev.offlineaccess.config.ConfigFixtures.failure;
import static dev.offlineaccess.config.ConfigFixtures.json;
import static dev.offlineaccess.config.ConfigFixtures.minimal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {

    @Test
    void missingIssuerNamesAllThreeWaysToSetIt() {
        ConfigurationException e = failure(json("{'client-id': 'portal'}"));

        assertNamesKeyAndFix(e, "issuer", "OIDC_ISSUER");
        assertTrue(e.fix().contains("'auth-server-url' and 'realm'"), e::fix);
    }

    @Test
    void missingClientIdNamesAllThreeWaysToSetIt() {
        ConfigurationException e = failure(json("{'issuer': 'https://login.example.com'}"));

        assertNamesKeyAndFix(e, "client-id", "set 'client-id' (or 'resource' as in keycloak.json), or the"
                + " environment variable OIDC_CLIENT_ID");
    }

    @ParameterizedTest
    @CsvSource({"login.example.com", "ftp://login.example.com", "https://", "https://user@login.example.com",
            "https://login.example.com#frag", "https://login.example.com/?a=b", "http s://x"})
    void issuerThatIsNotAnAbsoluteHttpUrlFails(String issuer) {
        assertNamesKeyAndFix(failure(json("{'issuer': '" + issuer + "', 'client-id': 'portal'}")), "issuer",
                "https://login.example.com/realms/demo");
    }

    @Test
    void plainHttpIssuerOnAnotherHostFailsWithSslRequiredExternal() {
        ConfigurationException e = failure(json("{'issuer': 'http://login.example.com/realms/demo',"
                + " 'client-id': 'portal'}"));

        assertNamesKeyAndFix(e, "issuer", "use https");
        assertTrue(e.getMessage().contains("ssl-required is 'external'"), e::getMessage);
    }

    @Test
    void plainHttpLoopbackIssuerFailsWithSslRequiredAll() {
        assertNamesKeyAndFix(failure(json("{'issuer': 'http://localhost:8180/realms/demo', 'client-id': 'portal',"
                + " 'ssl-required': 'all'}")), "issuer", "use https");
    }

    @Test
    void badSslRequiredListsTheValidValues() {
        assertNamesKeyAndFix(failure(minimal("'ssl-required': 'sometimes'")), "ssl-required",
                "external, all, none");
    }

    @Test
    void badOfflineAccessListsTheValidValues() {
        ConfigurationException e = failure(minimal("'offline-access': 'maybe'"));

        assertNamesKeyAndFix(e, "offline-access", "on-demand, always, never");
        assertTrue(e.getMessage().contains("'maybe'"), e::getMessage);
    }

    @ParameterizedTest
    @CsvSource({"callback-path, oidc/callback", "logout-path, logout", "backchannel-logout-path, //evil.example",
            "callback-path, /cb?x=1", "logout-path, /log out"})
    void pathsMustBeContextRelative(String key, String value) {
        assertNamesKeyAndFix(failure(minimal("'" + key + "': '" + value + "'")), key, "/");
    }

    @Test
    void twoEndpointsOnTheSamePathFail() {
        assertNamesKeyAndFix(failure(minimal("'callback-path': '/oidc', 'logout-path': '/oidc'")), "logout-path",
                "different paths");
    }

    @ParameterizedTest
    @CsvSource({"javascript:alert(1)", "//evil.example/x", "ftp://app.example.com/"})
    void postLogoutRedirectMustBeAPathOrAnHttpUrl(String value) {
        ConfigurationException e = failure(minimal("'post-logout-redirect': '" + value + "'"));

        assertEquals("post-logout-redirect", e.key());
        assertFalse(e.fix().isBlank());
    }

    @ParameterizedTest
    @CsvSource({"clock-skew, -5", "clock-skew, -PT5S", "connect-timeout, '-1s'", "introspection-cache-ttl, -1",
            "read-timeout, soon", "read-timeout, 5 minutes", "clock-skew, P1M"})
    void badDurationsFail(String key, String value) {
        ConfigurationException e = failure(minimal("'" + key + "': '" + value + "'"));

        assertNamesKeyAndFix(e, key, "PT30S");
    }

    @ParameterizedTest
    @CsvSource({"connect-timeout", "read-timeout"})
    void zeroTimeoutsFail(String key) {
        assertNamesKeyAndFix(failure(minimal("'" + key + "': 0")), key, "positive duration");
    }

    @Test
    void absurdClockSkewFails() {
        assertNamesKeyAndFix(failure(minimal("'clock-skew': '1h'")), "clock-skew", "10 minutes");
    }

    @ParameterizedTest
    @CsvSource({"0", "-3", "1001", "ten"})
    void maxPendingLoginsOutOfRangeFails(String value) {
        assertEquals("max-pending-logins", failure(minimal("'max-pending-logins': '" + value + "'")).key());
    }

    @ParameterizedTest
    @CsvSource({"-1", "1000001", "many", "1.5"})
    void jwtCacheSizeOutOfRangeOrNotAWholeNumberFails(String value) {
        ConfigurationException e = failure(minimal("'jwt-cache-size': '" + value + "'"));

        assertEquals("jwt-cache-size", e.key());
    }

    @Test
    void jwtCacheSizeTooLargeNamesTheRangeAndTheDefault() {
        assertNamesKeyAndFix(failure(minimal("'jwt-cache-size': 2000000")), "jwt-cache-size", "default 1000");
    }

    @Test
    void algorithmNoneIsRefused() {
        assertNamesKeyAndFix(failure(minimal("'id-token-algorithms': ['RS256', 'none']")), "id-token-algorithms",
                "remove 'none'");
    }

    @Test
    void unknownAlgorithmListsTheSupportedOnes() {
        assertNamesKeyAndFix(failure(minimal("'id-token-algorithms': ['RS257']")), "id-token-algorithms",
                "RS256, RS384");
    }

    @Test
    void hmacAlgorithmForAPublicClientIsRefused() {
        assertNamesKeyAndFix(failure(minimal("'id-token-algorithms': ['HS256']")), "id-token-algorithms",
                "client secret");
    }

    @Test
    void hmacAlgorithmWithAShortSecretIsRefused() {
        ConfigurationException e = failure(minimal("'client-secret': 'short', 'id-token-algorithms': ['HS512']"));

        assertNamesKeyAndFix(e, "id-token-algorithms", "longer secret");
        assertTrue(e.getMessage().contains("at least 64 bytes"), e::getMessage);
    }

    @Test
    void emptyAlgorithmListFails() {
        assertNamesKeyAndFix(failure(minimal("'id-token-algorithms': []")), "id-token-algorithms", "RS256");
    }

    @Test
    void offlineAccessInScopesIsRefusedInFavourOfTheOfflineAccessKey() {
        assertNamesKeyAndFix(failure(minimal("'scopes': 'profile offline_access'")), "scopes",
                "\"offline-access\": \"always\"");
    }

    @Test
    void invalidScopeCharacterFails() {
        assertNamesKeyAndFix(failure(minimal("'scopes': ['pro\\\\file']")), "scopes", "RFC 6749");
    }

    @Test
    void malformedRoleClaimPathFails() {
        assertNamesKeyAndFix(failure(minimal("'role-claims': ['realm_access..roles']")), "role-claims",
                "realm_access.roles");
    }

    @Test
    void emptyRoleClaimsFail() {
        assertNamesKeyAndFix(failure(minimal("'role-claims': []")), "role-claims", "at least one");
    }

    @Test
    void bearerPathWithAnInnerWildcardFails() {
        assertNamesKeyAndFix(failure(minimal("'bearer-paths': ['/api/*/items']")), "bearer-paths", "/api/*");
    }

    @Test
    void wrongTypesNameTheKey() {
        assertNamesKeyAndFix(failure(minimal("'bearer-only': 'yes'")), "bearer-only", "true or false");
        assertNamesKeyAndFix(failure(minimal("'audience': ['a', 'b']")), "audience", "JSON string");
        assertNamesKeyAndFix(failure(minimal("'scopes': [['openid']]")), "scopes[0]", "array of strings");
        assertNamesKeyAndFix(failure(minimal("'store': {'encryption-keys': 'k'}")), "store.encryption-keys",
                "[ { ... } ]");
    }

    @Test
    void invalidJsonNamesTheSourceAndThePlaceButNotTheToken() {
        ConfigurationException e = failure("{\n  \"issuer\": \"https://x\",\n  \"client-secret\": hunter2\n}");

        assertNamesKeyAndFix(e, "WEB-INF/oidc.json", "one JSON object");
        assertTrue(e.getMessage().contains("near line "), e::getMessage);
        assertFalse(e.getMessage().contains("hunter2"), e::getMessage);
    }

    @Test
    void jsonArrayInsteadOfObjectFails() {
        assertEquals("WEB-INF/oidc.json", failure("[1, 2]").key());
    }

    @Test
    void emptyFileFails() {
        assertNamesKeyAndFix(failure("  \n"), "WEB-INF/oidc.json", "one JSON object");
    }
}
