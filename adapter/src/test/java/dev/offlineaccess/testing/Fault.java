package dev.offlineaccess.testing;

/** How a {@link FakeOpenIdProvider} endpoint misbehaves when told to (see {@link FakeOpenIdProvider#fail}). */
public enum Fault {
    /** {@code 500} with a JSON-less body. */
    HTTP_500,
    /** {@code 503 Service Unavailable}. */
    HTTP_503,
    /** {@code 200} with an HTML page instead of JSON (a proxy's login or error page). */
    HTML_BODY,
    /** {@code 200}, {@code application/json}, but truncated JSON. */
    MALFORMED_JSON,
    /** {@code 404} with an HTML body (a wrong path behind a proxy). */
    HTTP_404_HTML
}
