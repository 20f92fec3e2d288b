package dev.offlineaccess.bearer;

import java.util.List;
import java.util.Objects;

/**
 * The {@code Authorization} request header read as RFC 6750 section 2.1 credentials:
 * {@code "Bearer" 1SP token68}, scheme case-insensitive. Stricter than the grammar on purpose: exactly one space,
 * printable ASCII only, at most {@value #MAX_LENGTH} characters, no list of credentials. Stateless.
 */
sealed interface BearerHeader permits BearerHeader.NoCredentials, BearerHeader.Malformed, BearerHeader.Token {

    /** Longest header value read; a longer one is malformed (RFC 6750 gives no limit; real tokens are far below). */
    int MAX_LENGTH = 16 * 1024;

    /** No header, an empty one, or credentials of another scheme ({@code Basic ...}): not ours to judge. */
    record NoCredentials() implements BearerHeader {
    }

    /**
     * A header we cannot read as one bearer token.
     *
     * @param description why, fit for an {@code error_description}; never contains any part of the header
     */
    record Malformed(String description) implements BearerHeader {
        public Malformed {
            Objects.requireNonNull(description, "description");
        }
    }

    /** A syntactically valid bearer token. {@link #toString()} hides it. */
    record Token(String value) implements BearerHeader {
        public Token {
            Objects.requireNonNull(value, "value");
        }

        /** A compact JWS: three base64url parts (the signature part may be empty, as in {@code alg: none}). */
        boolean looksLikeJwt() {
            int first = value.indexOf('.');
            int second = first < 0 ? -1 : value.indexOf('.', first + 1);
            if (second < 0 || value.indexOf('.', second + 1) >= 0) {
                return false;
            }
            return isBase64Url(value, 0, first) && first > 0
                    && isBase64Url(value, first + 1, second) && second > first + 1
                    && isBase64Url(value, second + 1, value.length());
        }

        @Override
        public String toString() {
            return "Token[" + value.length() + " characters]";
        }
    }

    /** Reads one header value; {@code null} means the request had no {@code Authorization} header. */
    static BearerHeader parse(String value) {
        if (value == null || value.isEmpty()) {
            return new NoCredentials();
        }
        if (value.length() > MAX_LENGTH) {
            return new Malformed("The Authorization header is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return new Malformed("The Authorization header contains characters other than printable ASCII");
            }
            if (c == ',') {
                return new Malformed("The Authorization header carries more than one credential");
            }
        }
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Bearer")) {
            if (scheme.regionMatches(true, 0, "Bearer", 0, 6)) {
                return new Malformed("Bearer must be followed by exactly one space");
            }
            return isToken(scheme) ? new NoCredentials()
                    : new Malformed("The Authorization header does not start with an authentication scheme");
        }
        String token = space < 0 ? "" : value.substring(space + 1);
        if (token.isEmpty()) {
            return new Malformed("The Bearer scheme is not followed by a token");
        }
        if (token.charAt(0) == ' ') {
            return new Malformed("Bearer must be followed by exactly one space");
        }
        if (!isToken68(token)) {
            return new Malformed("The bearer token is not in token68 syntax");
        }
        return new Token(token);
    }

    /** Several {@code Authorization} headers are one too many: RFC 6750 allows one method and one header. */
    static BearerHeader parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return new NoCredentials();
        }
        if (values.size() > 1) {
            return new Malformed("The request carries more than one Authorization header");
        }
        return parse(values.get(0));
    }

    /** RFC 9110 {@code token}: one or more {@code tchar}. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlphaNum(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 {@code token68}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static boolean isToken68(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (!(isAlphaNum(c) || "-._~+/".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64Url(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isAlphaNum(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphaNum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
