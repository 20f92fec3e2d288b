package dev.offlineaccess.login;

import java.util.Objects;

/**
 * The adapter's own endpoints, as context-relative paths.
 *
 * @param callback the redirect URI's path, e.g. {@code /secured/oidc-callback}
 * @param logout   the logout path, e.g. {@code /secured/logout}
 */
public record FlowPaths(String callback, String logout) {
    public FlowPaths {
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(logout, "logout");
        if (!ReturnPath.isLocal(callback) || !ReturnPath.isLocal(logout)) {
            throw new IllegalArgumentException("callback and logout paths must start with a single /");
        }
        if (callback.equals(logout)) {
            throw new IllegalArgumentException("callback and logout paths must differ");
        }
    }
}
