package dev.offlineaccess.testing.keycloak;

/**
 * An admin REST call answered with a status other than the expected one. Carries the call and Keycloak's
 * answer (admin API error bodies hold no tokens; the text is cut to 300 characters).
 */
public final class KeycloakAdminException extends RuntimeException {

    private static final int MAX_BODY = 300;

    private final int status;

    public KeycloakAdminException(String method, String path, int status, String body) {
        super(method + " " + path + " answered " + status + ": " + shorten(body));
        this.status = status;
    }

    public int status() {
        return status;
    }

    private static String shorten(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY) + "…";
    }
}
