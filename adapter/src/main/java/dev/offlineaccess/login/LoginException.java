package dev.offlineaccess.login;

import java.util.Objects;

/** A sign-in step failed; {@link #error()} says why. The message never contains a code, token or state value. */
public final class LoginException extends Exception {
    private static final long serialVersionUID = 1L;
    private final LoginError error;

    public LoginException(LoginError error) {
        this(error, null);
    }

    public LoginException(LoginError error, Throwable cause) {
        super(error.toString(), cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    public LoginException(LoginFailure failure, String detail) {
        this(new LoginError(failure, detail));
    }

    public LoginError error() {
        return error;
    }
}
