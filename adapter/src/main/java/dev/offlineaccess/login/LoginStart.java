package dev.offlineaccess.login;

import java.net.URI;
import java.util.Objects;

/**
 * A sign-in ready to start: send the browser to {@code authorizationUri} after remembering {@code pending} in the
 * session.
 *
 * @param authorizationUri the provider's authorization endpoint with every request parameter, never {@code null}
 * @param pending          what the callback will need, never {@code null}
 */
public record LoginStart(URI authorizationUri, PendingLogin pending) {
    public LoginStart {
        Objects.requireNonNull(authorizationUri, "authorizationUri");
        Objects.requireNonNull(pending, "pending");
    }

    @Override
    public String toString() {
        return "LoginStart[" + pending + "]";
    }
}
