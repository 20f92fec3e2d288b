package dev.offlineaccess.bearer;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.offlineaccess.bearer.BearerResult.Challenge;

/**
 * Builds the RFC 6750 section 3 challenges of one realm. Attribute values are quoted strings; an
 * {@code error_description} keeps only the characters RFC 6750 allows there ({@code %x20-21 / %x23-5B / %x5D-7E}),
 * the realm and scope are escaped. Immutable and thread-safe.
 */
final class Challenges {
    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_TOKEN = "invalid_token";
    static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    private static final int MAX_DESCRIPTION = 200;

    private final String prefix;
    private final Duration retryAfter;

    Challenges(String realm, Duration retryAfter) {
        this.prefix = "Bearer realm=" + quoted(Objects.requireNonNull(realm, "realm"));
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** No bearer credentials at all: 401 with no error attributes (RFC 6750 section 3.1). */
    Challenge missing() {
        return new Challenge(401, null, prefix, null);
    }

    /** The header could not be read: 400 {@code invalid_request}. */
    Challenge invalidRequest(String description) {
        return new Challenge(400, INVALID_REQUEST, withError(INVALID_REQUEST, description), null);
    }

    /** The token is expired, revoked, malformed or not for us: 401 {@code invalid_token}. */
    Challenge invalidToken(String description) {
        return new Challenge(401, INVALID_TOKEN, withError(INVALID_TOKEN, description), null);
    }

    /** The token lacks scopes this resource needs: 403 {@code insufficient_scope} with the needed {@code scope}. */
    Challenge insufficientScope(Set<String> required) {
        String value = withError(INSUFFICIENT_SCOPE, "The access token lacks a required scope")
                + ", scope=" + quoted(String.join(" ", new TreeSet<>(required)));
        return new Challenge(403, INSUFFICIENT_SCOPE, value, null);
    }

    /** The provider could not be asked; nothing was decided about the token: 503 with a retry hint. */
    Challenge unavailable() {
        return new Challenge(503, null, prefix, retryAfter);
    }

    private String withError(String error, String description) {
        return prefix + ", error=\"" + error + "\", error_description=\"" + descriptionText(description) + "\"";
    }

    /** Keeps the RFC 6750 {@code error_description} characters, and at most {@value #MAX_DESCRIPTION} of them. */
    static String descriptionText(String description) {
        StringBuilder out = new StringBuilder(Math.min(description.length(), MAX_DESCRIPTION));
        for (int i = 0; i < description.length() && out.length() < MAX_DESCRIPTION; i++) {
            char c = description.charAt(i);
            boolean allowed = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
            out.append(allowed ? c : c == '"' ? '\'' : '?');
        }
        return out.toString();
    }

    /** An RFC 9110 quoted-string; characters outside printable ASCII become {@code ?}. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c >= 0x20 && c <= 0x7e ? c : '?');
            }
        }
        return out.append('"').toString();
    }
}
