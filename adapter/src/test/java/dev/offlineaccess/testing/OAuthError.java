package dev.offlineaccess.testing;

/** An OAuth error answer of the fake provider: thrown by a handler, written as JSON. */
final class OAuthError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String error;
    final String description;

    OAuthError(int status, String error, String description) {
        super(status + " " + error + " (" + description + ")", null, false, false);
        this.status = status;
        this.error = error;
        this.description = description;
    }

    static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description);
    }

    static OAuthError badClient() {
        return new OAuthError(401, "unauthorized_client", "Invalid client or Invalid client credentials");
    }

    static OAuthError notAllowed() {
        return new OAuthError(400, "not_allowed", "Offline tokens not allowed for the user or client");
    }
}
