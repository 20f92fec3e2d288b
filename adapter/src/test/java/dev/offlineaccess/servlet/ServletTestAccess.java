package dev.offlineaccess.servlet;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Opens the few package-private parts of the servlet layer that the hardening suites
 * ({@code dev.offlineaccess.hardening}) drive from another test package: the filter on a test clock, the query
 * parser the filter uses, and the session attribute names. Test code only; stateless.
 */
public final class ServletTestAccess {
    /** Session attribute of the signed-in user. */
    public static final String USER_ATTRIBUTE = SessionState.USER;
    /** Session attribute of the pending sign-ins. */
    public static final String PENDING_ATTRIBUTE = SessionState.PENDING;

    private ServletTestAccess() {
    }

    /** The real filter, on {@code clock} (shared with the fake provider so that tokens expire without sleeping). */
    public static OidcFilter filter(Clock clock) {
        return new OidcFilter(clock);
    }

    /** The filter's own query-string parser. */
    public static Map<String, List<String>> parseQuery(String rawQuery) {
        return RequestReader.parseQuery(rawQuery);
    }
}
