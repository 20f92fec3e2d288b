package dev.offlineaccess.example.portal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Synchroniser-token CSRF protection for the portal's own POST forms: one random token per session, sent as a
 * hidden field and compared in constant time.
 */
public final class Csrf {
    static final String PARAMETER = "csrf";
    private static final String ATTRIBUTE = Csrf.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The hidden input carrying this session's token. */
    public static String hiddenField(HttpServletRequest request) {
        return "<input type=\"hidden\" name=\"" + PARAMETER + "\" value=\"" + Html.escape(token(request.getSession()))
                + "\">";
    }

    /** Whether the request carries this session's token. */
    public static boolean isValid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sent = request.getParameter(PARAMETER);
        if (session == null || sent == null) {
            return false;
        }
        Object expected = session.getAttribute(ATTRIBUTE);
        return expected instanceof String value && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
    }

    private static synchronized String token(HttpSession session) {
        Object existing = session.getAttribute(ATTRIBUTE);
        if (existing instanceof String value) {
            return value;
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(ATTRIBUTE, token);
        return token;
    }
}
