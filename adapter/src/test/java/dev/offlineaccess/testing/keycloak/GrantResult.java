package dev.offlineaccess.testing.keycloak;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What Keycloak's token endpoint answered: the HTTP status and the parsed JSON body, success or error.
 *
 * <p>Immutable and thread-safe. The accessors return null when the field is absent. {@link #toString()}
 * shows the status, the error and the field names only, never a token.
 *
 * @param status the HTTP status code
 * @param body the JSON object Keycloak sent (unmodifiable)
 */
public record GrantResult(int status, Map<String, Object> body) {

    public GrantResult {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(body, "body")));
    }

    public boolean ok() {
        return status == 200 && body.containsKey("access_token");
    }

    public String accessToken() {
        return string("access_token");
    }

    public String refreshToken() {
        return string("refresh_token");
    }

    public String idToken() {
        return string("id_token");
    }

    public String scope() {
        return string("scope");
    }

    /** The OAuth error code, e.g. {@code invalid_grant} or Keycloak's {@code not_allowed}. */
    public String error() {
        return string("error");
    }

    public String errorDescription() {
        return string("error_description");
    }

    /**
     * The {@code typ} claim of the refresh token, read without verifying it (Keycloak signs refresh tokens
     * with a realm-internal HMAC key): {@code Offline} for an offline token, {@code Refresh} otherwise.
     */
    public String refreshTokenType() {
        String token = refreshToken();
        if (token == null) {
            return null;
        }
        try {
            return JWTParser.parse(token).getJWTClaimsSet().getStringClaim("typ");
        } catch (ParseException e) {
            throw new IllegalStateException("the refresh token is not a JWT", e);
        }
    }

    private String string(String name) {
        Object value = body.get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return "GrantResult[status=" + status + ", error=" + error() + ", errorDescription=" + errorDescription()
                + ", fields=" + body.keySet() + "]";
    }
}
