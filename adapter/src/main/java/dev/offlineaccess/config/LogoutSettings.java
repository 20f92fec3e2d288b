package dev.offlineaccess.config;

/**
 * How users sign out.
 *
 * @param logoutPath            context-relative path of the logout endpoint; {@code null} means "derive it from the
 *                              filter's mapping"
 * @param postLogoutRedirect    where the provider sends the browser after logout: a context-relative path
 *                              ({@code /}) or a same-origin absolute URL; {@code null} means the context root
 * @param backchannelLogoutPath context-relative path of the OIDC back-channel logout endpoint, or {@code null} when off
 */
public record LogoutSettings(String logoutPath, String postLogoutRedirect, String backchannelLogoutPath) {
}
