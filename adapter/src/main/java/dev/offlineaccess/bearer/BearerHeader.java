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
    /** The scheme and the one space before the token. */
    String PREFIX = "Bearer ";

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

    /**
     * A syntactically valid bearer token. {@link #toString()} hides it.
     *
     * @param value        the token
     * @param looksLikeJwt whether it is a compact JWS: three base64url parts (the signature part may be empty, as in
     *                     {@code alg: none}); as {@link HeaderSyntax#shapeOf} found, which {@link #parse} calls
     */
    record Token(String value, boolean looksLikeJwt) implements BearerHeader {
        public Token {
            Objects.requireNonNull(value, "value");
        }

        /** A token whose shape is read from it. */
        Token(String value) {
            this(value, HeaderSyntax.shapeOf(value) == HeaderSyntax.Shape.COMPACT_JWS);
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
        if (value.length() > PREFIX.length() && value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            // The usual case, read once: "Bearer " and a token68 (so the whole header is printable, without comma).
            String token = value.substring(PREFIX.length());
            HeaderSyntax.Shape shape = HeaderSyntax.shapeOf(token);
            if (shape != HeaderSyntax.Shape.NOT_TOKEN68) {
                return new Token(token, shape == HeaderSyntax.Shape.COMPACT_JWS);
            }
        }
        return refuse(value);
    }

    /** Why a header is no {@code "Bearer" 1SP token68}: the first of the rules it breaks, in the order of RFC 6750. */
    private static BearerHeader refuse(String value) {
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
            return HeaderSyntax.all(scheme, HeaderSyntax.TCHAR) ? new NoCredentials()
                    : new Malformed("The Authorization header does not start with an authentication scheme");
        }
        String token = space < 0 ? "" : value.substring(space + 1);
        if (token.isEmpty()) {
            return new Malformed("The Bearer scheme is not followed by a token");
        }
        if (token.charAt(0) == ' ') {
            return new Malformed("Bearer must be followed by exactly one space");
        }
        return new Malformed("The bearer token is not in token68 syntax");
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
}
