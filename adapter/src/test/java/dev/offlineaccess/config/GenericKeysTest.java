package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.json;
import static dev.offlineaccess.config.ConfigFixtures.load;
import static dev.offlineaccess.config.ConfigFixtures.minimal;
import static dev.offlineaccess.config.ConfigFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenericKeysTest {

    @Test
    void minimalFileGetsEveryDefault() {
        LoadedSettings loaded = load(minimal(""));
        OidcSettings s = loaded.settings();

        assertEquals(List.of(), loaded.warnings());
        assertEquals(URI.create("https://login.example.com/realms/demo"), s.client().issuer());
        assertEquals("portal", s.client().clientId());
        assertTrue(s.client().isPublicClient());
        assertEquals(List.of("openid", "profile", "email"), s.login().scopes());
        assertNull(s.login().callbackPath());
        assertEquals(OfflineAccessMode.ON_DEMAND, s.login().offlineAccess());
        assertEquals("sub", s.login().principalClaim());
        assertEquals(List.of("realm_access.roles", "resource_access.portal.roles", "roles"), s.login().roleClaims());
        assertEquals(Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"),
                s.login().idTokenAlgorithms());
        assertEquals(10, s.login().maxPendingLogins());
        assertEquals("external", s.login().sslRequired());
        assertNull(s.logout().logoutPath());
        assertNull(s.logout().postLogoutRedirect());
        assertNull(s.logout().backchannelLogoutPath());
        assertFalse(s.bearer().bearerOnly());
        assertEquals(List.of(), s.bearer().bearerPaths());
        assertNull(s.bearer().audience());
        assertEquals(Duration.ofSeconds(30), s.bearer().introspectionCacheTtl());
        assertEquals(1_000, s.bearer().jwtCacheSize());
        assertEquals(Duration.ofSeconds(60), s.http().clockSkew());
        assertEquals(Duration.ofSeconds(5), s.http().connectTimeout());
        assertEquals(Duration.ofSeconds(10), s.http().readTimeout());
    }

    @Test
    void promptConsentDefaultsToTrueForANonKeycloakIssuer() {
        OidcSettings s = settings(json("{'issuer': 'https://accounts.example.com', 'client-id': 'portal'}"));

        assertTrue(s.login().offlinePromptConsent());
    }

    @Test
    void promptConsentDefaultsToFalseForAKeycloakIssuer() {
        assertFalse(settings(minimal("")).login().offlinePromptConsent());
    }

    @Test
    void promptConsentCanBeSetExplicitly() {
        assertTrue(settings(minimal("'offline-prompt-consent': true")).login().offlinePromptConsent());
        assertFalse(settings(json("{'issuer': 'https://accounts.example.com', 'client-id': 'portal',"
                + " 'offline-prompt-consent': false}")).login().offlinePromptConsent());
    }

    @Test
    void clientSecretMakesAConfidentialClient() {
        OidcSettings s = settings(minimal("'client-secret': 'abc'"));

        assertEquals("abc", s.client().secret().orElseThrow().value());
    }

    @Test
    void scopesAsArrayGetOpenidFirstAndNoDuplicates() {
        assertEquals(List.of("openid", "profile", "phone"),
                settings(minimal("'scopes': ['profile', 'openid', 'phone', 'profile']")).login().scopes());
    }

    @Test
    void scopesAsSpaceSeparatedString() {
        assertEquals(List.of("openid", "email", "roles"),
                settings(minimal("'scopes': 'email  roles'")).login().scopes());
    }

    @Test
    void callbackLogoutAndBackchannelPaths() {
        OidcSettings s = settings(minimal("'callback-path': '/oidc/callback', 'logout-path': '/oidc/logout',"
                + " 'backchannel-logout-path': '/oidc/backchannel'"));

        assertEquals("/oidc/callback", s.login().callbackPath());
        assertEquals("/oidc/logout", s.logout().logoutPath());
        assertEquals("/oidc/backchannel", s.logout().backchannelLogoutPath());
    }

    @Test
    void postLogoutRedirectAsPathOrAbsoluteUrl() {
        assertEquals("/goodbye", settings(minimal("'post-logout-redirect': '/goodbye'")).logout()
                .postLogoutRedirect());
        assertEquals("https://app.example.com/bye", settings(minimal("'post-logout-redirect':"
                + " 'https://app.example.com/bye'")).logout().postLogoutRedirect());
    }

    @Test
    void offlineAccessModes() {
        assertEquals(OfflineAccessMode.ALWAYS, settings(minimal("'offline-access': 'always'")).login()
                .offlineAccess());
        assertEquals(OfflineAccessMode.NEVER, settings(minimal("'offline-access': 'never'")).login()
                .offlineAccess());
        assertEquals(OfflineAccessMode.ON_DEMAND, settings(minimal("'offline-access': 'ON_DEMAND'")).login()
                .offlineAccess());
    }

    @Test
    void principalClaim() {
        assertEquals("email", settings(minimal("'principal-claim': 'email'")).login().principalClaim());
    }

    @Test
    void roleClaimsAsArrayOrString() {
        assertEquals(List.of("groups", "realm_access.roles"),
                settings(minimal("'role-claims': ['groups', 'realm_access.roles']")).login().roleClaims());
        assertEquals(List.of("groups", "roles"), settings(minimal("'role-claims': 'groups, roles'")).login()
                .roleClaims());
    }

    @Test
    void idTokenAlgorithmsAreNormalizedToTheirJwsNames() {
        assertEquals(Set.of("RS256", "EdDSA"), settings(minimal("'id-token-algorithms': ['rs256', 'EDDSA']"))
                .login().idTokenAlgorithms());
    }

    @Test
    void hmacIdTokensAreAcceptedWithALongEnoughClientSecret() {
        OidcSettings s = settings(minimal("'client-secret': '" + "s".repeat(32) + "',"
                + " 'id-token-algorithms': ['HS256', 'RS256']"));

        assertEquals(Set.of("HS256", "RS256"), s.login().idTokenAlgorithms());
    }

    @Test
    void maxPendingLogins() {
        assertEquals(3, settings(minimal("'max-pending-logins': 3")).login().maxPendingLogins());
        assertEquals(4, settings(minimal("'max-pending-logins': '4'")).login().maxPendingLogins());
    }

    @Test
    void sslRequiredAll() {
        assertEquals("all", settings(minimal("'ssl-required': 'ALL'")).login().sslRequired());
    }

    @Test
    void bearerKeys() {
        OidcSettings s = settings(minimal("'bearer-only': true, 'bearer-paths': ['/api/*', '/status'],"
                + " 'audience': 'portal-api', 'introspection-cache-ttl': '15s', 'jwt-cache-size': 2000"));

        assertTrue(s.bearer().bearerOnly());
        assertEquals(List.of("/api/*", "/status"), s.bearer().bearerPaths());
        assertEquals("portal-api", s.bearer().audience());
        assertEquals(Duration.ofSeconds(15), s.bearer().introspectionCacheTtl());
        assertEquals(2000, s.bearer().jwtCacheSize());
    }

    @Test
    void jwtCacheSizeZeroTurnsTheCacheOffAndMayBeAString() {
        assertEquals(0, settings(minimal("'jwt-cache-size': 0")).bearer().jwtCacheSize());
        assertEquals(300, settings(minimal("'jwt-cache-size': '300'")).bearer().jwtCacheSize());
    }

    @Test
    void timeKeysAcceptEveryDurationForm() {
        OidcSettings s = settings(minimal("'clock-skew': 'PT30S', 'connect-timeout': 2,"
                + " 'read-timeout': '1500ms'"));

        assertEquals(Duration.ofSeconds(30), s.http().clockSkew());
        assertEquals(Duration.ofSeconds(2), s.http().connectTimeout());
        assertEquals(Duration.ofMillis(1500), s.http().readTimeout());
    }

    @Test
    void zeroClockSkewAndZeroIntrospectionCacheAreAllowed() {
        OidcSettings s = settings(minimal("'clock-skew': 0, 'introspection-cache-ttl': '0s'"));

        assertEquals(Duration.ZERO, s.http().clockSkew());
        assertEquals(Duration.ZERO, s.bearer().introspectionCacheTtl());
    }

    @Test
    void booleansMayBeStrings() {
        assertTrue(settings(minimal("'bearer-only': 'TRUE'")).bearer().bearerOnly());
    }

    @Test
    void nullValuesCountAsAbsent() {
        OidcSettings s = settings(minimal("'callback-path': null, 'scopes': null"));

        assertNull(s.login().callbackPath());
        assertEquals(List.of("openid", "profile", "email"), s.login().scopes());
    }

    @Test
    void byteOrderMarkIsAccepted() {
        assertEquals("portal", settings("\uFEFF" + minimal("")).client().clientId());
    }

    @Test
    void loopbackIssuerMayUsePlainHttpWithTheDefaultSslRequired() {
        assertEquals(URI.create("http://127.0.0.1:8180/realms/demo"), settings(json("{'issuer':"
                + " 'http://127.0.0.1:8180/realms/demo', 'client-id': 'portal'}")).client().issuer());
        assertEquals(URI.create("http://localhost:8180/realms/demo"), settings(json("{'issuer':"
                + " 'http://localhost:8180/realms/demo', 'client-id': 'portal'}")).client().issuer());
    }
}
