package dev.offlineaccess.logout;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the back-channel logout endpoint answers, for the web layer to write out: {@link #status()},
 * {@link #headers()} and {@link #body()}; and, whenever the token was valid, the {@link #logout()} so that the web
 * layer ends the covered sessions of this node at once (even when recording the ending for other nodes failed).
 *
 * <ul>
 *   <li>{@code 200}, empty body: the logout was accepted.</li>
 *   <li>{@code 400} with {@code {"error":"invalid_request","error_description":...}}: the request or the token is
 *   invalid (OpenID Connect Back-Channel Logout 1.0, sections 2.6 and 2.8).</li>
 *   <li>{@code 400} with {@code "error":"temporarily_unavailable"}: the token could not be checked or the logout
 *   not fully carried out (provider keys unreachable, registry or token store down).</li>
 *   <li>{@code 405} (with {@code Allow: POST}) for another method; {@code 501} when back-channel logout is off.</li>
 * </ul>
 * Every answer carries {@code Cache-Control: no-store}.
 *
 * <p>Immutable. The descriptions never contain a token or claim value.
 *
 * @param status           the HTTP status
 * @param error            the {@code error} code, or {@code null} on success
 * @param errorDescription the {@code error_description}, or {@code null} on success
 * @param verifiedLogout   the valid logout, or {@code null} when the token was not (or not yet) found valid
 */
public record BackchannelResult(int status, String error, String errorDescription, VerifiedLogout verifiedLogout) {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    public static final String NOT_IMPLEMENTED = "not_implemented";

    public BackchannelResult {
        if ((error == null) != (errorDescription == null) || (error == null) != (status == 200)) {
            throw new IllegalArgumentException("status 200 has no error; every other status has error and"
                    + " description");
        }
    }

    static BackchannelResult accepted(VerifiedLogout logout) {
        return new BackchannelResult(200, null, null, logout);
    }

    static BackchannelResult invalid(String description) {
        return new BackchannelResult(400, INVALID_REQUEST, description, null);
    }

    static BackchannelResult unavailable(String description, VerifiedLogout logout) {
        return new BackchannelResult(400, TEMPORARILY_UNAVAILABLE, description, logout);
    }

    /** {@code 405}: the endpoint takes only {@code POST}. For the web layer, before reading the body. */
    public static BackchannelResult methodNotAllowed() {
        return new BackchannelResult(405, INVALID_REQUEST, "only POST is accepted", null);
    }

    /**
     * {@code 400}: the body is larger than {@link BackchannelLogoutHandler#MAX_BODY_BYTES}. For the web layer, when
     * the declared {@code Content-Length} says so, before reading the body.
     */
    public static BackchannelResult bodyTooLarge() {
        return invalid("the request body is larger than " + BackchannelLogoutHandler.MAX_BODY_BYTES + " bytes");
    }

    /** {@code 501}: back-channel logout is not enabled for this application. */
    public static BackchannelResult notImplemented() {
        return new BackchannelResult(501, NOT_IMPLEMENTED, "back-channel logout is not enabled", null);
    }

    public boolean isSuccess() {
        return status == 200;
    }

    /** The valid logout to act on locally; present on success and on some {@code temporarily_unavailable}s. */
    public Optional<VerifiedLogout> logout() {
        return Optional.ofNullable(verifiedLogout);
    }

    /** {@code Cache-Control: no-store}; {@code Content-Type} for an error body; {@code Allow} for a 405. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        if (error != null) {
            headers.put("Content-Type", "application/json;charset=UTF-8");
        }
        if (status == 405) {
            headers.put("Allow", "POST");
        }
        return Map.copyOf(headers);
    }

    /** The JSON error object, or the empty string on success. */
    public String body() {
        if (error == null) {
            return "";
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error);
        json.put("error_description", errorDescription);
        return JSONObjectUtils.toJSONString(json);
    }
}
