package dev.offlineaccess.bearer;

/**
 * The character classes of an {@code Authorization} header (RFC 9110 {@code tchar}, RFC 6750 {@code token68}, the
 * base64url alphabet of a compact JWS), looked up in one table: a header is read on every API request, and a
 * Keycloak access token is a thousand characters or more, so {@link #shapeOf} reads a token once for both its syntax
 * and whether it is a compact JWS. Stateless.
 */
final class HeaderSyntax {
    /** RFC 9110 {@code tchar}: letters, digits and {@code !#$%&'*+-.^_`|~}. */
    static final byte TCHAR = 1;
    /** RFC 6750 {@code token68} before the padding: letters, digits and {@code -._~+/}. */
    static final byte TOKEN68 = 2;
    /** The base64url alphabet: letters, digits, {@code -} and {@code _}. */
    static final byte BASE64URL = 4;
    /** The characters of a compact JWS: base64url and the dot. */
    private static final byte JWS = 8;

    /** The shape of a bearer token, from {@link #shapeOf}. */
    enum Shape {
        /** Not RFC 6750 {@code token68}. */
        NOT_TOKEN68,
        /** {@code token68}, but not three base64url parts: an opaque token. */
        OPAQUE,
        /** Three base64url parts separated by dots, the first two not empty: a compact JWS (a JWT). */
        COMPACT_JWS
    }

    private static final byte[] CLASSES = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            boolean alphaNum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            int classes = alphaNum ? TCHAR | TOKEN68 | BASE64URL : 0;
            classes |= "!#$%&'*+-.^_`|~".indexOf(c) >= 0 ? TCHAR : 0;
            classes |= "-._~+/".indexOf(c) >= 0 ? TOKEN68 : 0;
            classes |= c == '-' || c == '_' ? BASE64URL : 0;
            classes |= (classes & BASE64URL) != 0 || c == '.' ? JWS : 0;
            CLASSES[c] = (byte) classes;
        }
    }

    private HeaderSyntax() {
    }

    /** Whether {@code s} is not empty and every character of it is of the class. */
    static boolean all(String s, byte characterClass) {
        for (int i = 0; i < s.length(); i++) {
            if (!is(s.charAt(i), characterClass)) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /**
     * Reads a bearer token once: {@code token68} is {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" )
     * *"="}; a compact JWS is {@code token68} made of base64url characters and exactly two dots, with a non-empty
     * first and second part (the signature part may be empty, as in {@code alg: none}).
     */
    static Shape shapeOf(String token) {
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return Shape.NOT_TOKEN68;
        }
        int common = end == token.length() ? JWS : 0;   // padding is no part of a compact JWS
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            int classes = c < CLASSES.length ? CLASSES[c] : 0;
            if ((classes & TOKEN68) == 0) {
                return Shape.NOT_TOKEN68;
            }
            common &= classes;
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        boolean threeParts = secondDot > firstDot + 1 && firstDot > 0 && token.indexOf('.', secondDot + 1) < 0;
        return common != 0 && threeParts ? Shape.COMPACT_JWS : Shape.OPAQUE;
    }

    private static boolean is(char c, byte characterClass) {
        return c < CLASSES.length && (CLASSES[c] & characterClass) != 0;
    }
}
