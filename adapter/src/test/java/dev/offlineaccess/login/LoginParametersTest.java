package dev.offlineaccess.login;

import com.nimbusds.openid.connect.sdk.Prompt;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginParametersTest {

    @Test
    void fromWhenScopeIsOfflineAccessAloneThenOfflineRequested() throws Exception {
        assertTrue(LoginParameters.from(Map.of("scope", List.of("offline_access"))).offlineRequested());
    }

    @Test
    void fromWhenOfflineAccessIsAmongOtherScopesThenOfflineRequested() throws Exception {
        assertTrue(LoginParameters.from(Map.of("scope", List.of("email offline_access profile"))).offlineRequested());
        assertTrue(LoginParameters.from(Map.of("scope", List.of("email", "offline_access"))).offlineRequested());
    }

    @Test
    void fromWhenScopeLacksOfflineAccessThenNotRequested() throws Exception {
        assertFalse(LoginParameters.from(Map.of("scope", List.of("email offline_accessx"))).offlineRequested());
        assertFalse(LoginParameters.from(Map.of()).offlineRequested());
    }

    @Test
    void fromReadsEveryForwardedParameter() throws Exception {
        LoginParameters parameters = LoginParameters.from(Map.of("prompt", List.of("login"),
                "login_hint", List.of("alice@example.com"), "max_age", List.of("300"),
                "ui_locales", List.of("de-CH fr")));
        assertEquals(Prompt.parse("login"), parameters.prompt());
        assertEquals("alice@example.com", parameters.loginHint());
        assertEquals(300, parameters.maxAge());
        assertEquals(2, parameters.uiLocales().size());
        assertEquals("de-CH", parameters.uiLocales().get(0).toString());
    }

    @Test
    void fromWhenParametersAreBlankThenAbsent() throws Exception {
        LoginParameters parameters = LoginParameters.from(Map.of("prompt", List.of(""), "max_age", List.of(" ")));
        assertNull(parameters.prompt());
        assertNull(parameters.maxAge());
    }

    @Test
    void fromWhenParameterIsMalformedThenInvalidLoginParameterNamingIt() {
        assertInvalid(Map.of("prompt", List.of("sometimes")), "prompt");
        assertInvalid(Map.of("prompt", List.of("none login")), "prompt");
        assertInvalid(Map.of("max_age", List.of("-1")), "max_age");
        assertInvalid(Map.of("max_age", List.of("soon")), "max_age");
        assertInvalid(Map.of("ui_locales", List.of("not a_tag!")), "ui_locales");
        assertInvalid(Map.of("login_hint", List.of("a\nb")), "login_hint");
        assertInvalid(Map.of("login_hint", List.of("x".repeat(257))), "login_hint");
        assertInvalid(Map.of("prompt", List.of("login", "consent")), "prompt");
    }

    private static void assertInvalid(Map<String, List<String>> query, String parameter) {
        LoginException e = assertThrows(LoginException.class, () -> LoginParameters.from(query));
        assertEquals(LoginFailure.INVALID_LOGIN_PARAMETER, e.error().failure());
        assertTrue(e.error().detail().contains(parameter), e.error().detail());
    }
}
