package dev.offlineaccess.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How users sign in.
 *
 * @param scopes                scopes asked for on every login; always contains {@code openid}
 * @param callbackPath          context-relative path of the redirect URI, e.g. {@code /secured/oidc-callback};
 *                              {@code null} means "derive it from the filter's mapping"
 * @param offlineAccess         when to ask for {@code offline_access}
 * @param offlinePromptConsent  add {@code prompt=consent} to a request for offline access (OIDC Core section 11)
 * @param principalClaim        the claim that becomes {@code getRemoteUser()}: {@code sub},
 *                              {@code preferred_username}, {@code email}, ...
 * @param roleClaims            claim paths whose string values are roles, e.g. {@code realm_access.roles},
 *                              {@code resource_access.${client_id}.roles}, {@code roles}
 * @param idTokenAlgorithms     JWS algorithms accepted for ID tokens, e.g. {@code RS256}
 * @param maxPendingLogins      how many logins one HTTP session may have in flight (several tabs)
 * @param sslRequired           {@code external}, {@code all} or {@code none}, as in {@code keycloak.json}
 */
public record LoginSettings(
        List<String> scopes,
        String callbackPath,
        OfflineAccessMode offlineAccess,
        boolean offlinePromptConsent,
        String principalClaim,
        List<String> roleClaims,
        Set<String> idTokenAlgorithms,
        int maxPendingLogins,
        String sslRequired) {
    public LoginSettings {
        scopes = List.copyOf(scopes);
        roleClaims = List.copyOf(roleClaims);
        idTokenAlgorithms = Set.copyOf(idTokenAlgorithms);
        Objects.requireNonNull(offlineAccess, "offlineAccess");
        Objects.requireNonNull(principalClaim, "principalClaim");
        Objects.requireNonNull(sslRequired, "sslRequired");
    }
}
