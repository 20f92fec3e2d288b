package dev.offlineaccess.login;

/**
 * Why a sign-in, or the renewal of a signed-in session, could not complete, with the HTTP status of the page the user
 * sees and the explanation in plain words. The wording never contains a code, token or state value.
 */
public enum LoginFailure {
    /** The callback carried no {@code state}: not a response to a sign-in this application started. */
    MISSING_STATE(400, "The sign-in response is incomplete: it does not say which sign-in it belongs to."),
    /** The {@code state} matches no sign-in in progress in this browser session (wrong, expired or already used). */
    UNKNOWN_STATE(400, "This sign-in response does not belong to a sign-in started in this browser, or it was "
            + "already used or has expired."),
    /** The user declined at the provider ({@code access_denied}). */
    ACCESS_DENIED(403, "Sign-in was cancelled or access was denied at the identity provider."),
    /** The provider answered the authorization request with an error other than {@code access_denied}. */
    PROVIDER_ERROR(400, "The identity provider could not complete the sign-in."),
    /** The RFC 9207 {@code iss} parameter is missing or names another issuer (possible mix-up attack). */
    ISSUER_MISMATCH(400, "The sign-in response came from an unexpected identity provider."),
    /** The callback carried neither a code nor an error. */
    MISSING_CODE(400, "The sign-in response is incomplete: it carries no authorization code."),
    /** The provider refused the code: replayed, expired, or issued for another client or redirect URI. */
    CODE_REJECTED(400, "This sign-in link was already used or has expired."),
    /** The ID token failed verification (signature, algorithm, issuer, audience, expiry, nonce). */
    INVALID_ID_TOKEN(502, "The identity provider's answer could not be verified, so it was not trusted."),
    /** The UserInfo response belongs to another subject than the ID token. */
    INVALID_USERINFO(502, "The identity provider's user information did not match the signed-in user."),
    /** A login parameter of the request ({@code prompt}, {@code max_age}, ...) is malformed or contradictory. */
    INVALID_LOGIN_PARAMETER(400, "The sign-in request carries an invalid parameter."),
    /** The provider refused offline access for this user or client (Keycloak: {@code not_allowed}). */
    OFFLINE_REFUSED(403, "The identity provider did not allow offline access for your account or for this "
            + "application, so nothing was saved and you are not signed in."),
    /** The provider could not be reached or gave no usable answer; nothing was decided. */
    PROVIDER_UNAVAILABLE(503, "The identity provider cannot be reached at the moment. Please try again shortly."),
    /**
     * A signed-in session could not be renewed because the token store (the database of offline grants) cannot be
     * read or written; the session is kept and nothing stored changed. Never a sign-in's failure: a sign-in with the
     * store down completes without offline access ({@link PageKind#OFFLINE_NOT_SAVED}).
     */
    TOKEN_STORE_UNAVAILABLE(503, "Your session could not be renewed because the application's sign-in storage is "
            + "unavailable at the moment. Please try again shortly."),
    /** The request came over plain http where {@code ssl-required} asks for https. */
    HTTPS_REQUIRED(403, "This application must be used over a secure connection (https).");

    private final int status;
    private final String explanation;

    LoginFailure(int status, String explanation) {
        this.status = status;
        this.explanation = explanation;
    }

    /** The HTTP status of the page shown for this failure. */
    public int status() {
        return status;
    }

    /** One or two sentences for the user, in plain words. */
    public String explanation() {
        return explanation;
    }

    /** Whether trying again later, unchanged, may succeed. */
    public boolean isTransient() {
        return status == 503;
    }
}
