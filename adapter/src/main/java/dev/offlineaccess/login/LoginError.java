package dev.offlineaccess.login;

import java.util.Objects;

/**
 * A failed sign-in as a value: the reason and an optional detail safe to show and log (an OAuth error code, the
 * name of a bad parameter, the check an ID token failed). Never contains a code, token or state value.
 *
 * @param failure the reason, never {@code null}
 * @param detail  a short technical detail, or {@code null}
 */
public record LoginError(LoginFailure failure, String detail) {
    public LoginError {
        Objects.requireNonNull(failure, "failure");
    }

    public static LoginError of(LoginFailure failure) {
        return new LoginError(failure, null);
    }

    @Override
    public String toString() {
        return failure + (detail == null ? "" : " (" + detail + ")");
    }
}
