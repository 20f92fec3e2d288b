package dev.offlineaccess.login;

import dev.offlineaccess.config.LoginSettings;
import dev.offlineaccess.config.OfflineAccessMode;

import java.util.List;
import java.util.Set;

/** Builders for settings used by the login, session and servlet tests. */
public final class TestSettings {
    private TestSettings() {
    }

    public static LoginSettings login() {
        return login(OfflineAccessMode.ON_DEMAND, true);
    }

    public static LoginSettings login(OfflineAccessMode mode, boolean promptConsent) {
        return new LoginSettings(List.of("openid", "profile", "email"), null, mode, promptConsent,
                "preferred_username",
                List.of("realm_access.roles", "resource_access.${client_id}.roles", "roles"),
                Set.of("RS256"), 3, "external");
    }
}
