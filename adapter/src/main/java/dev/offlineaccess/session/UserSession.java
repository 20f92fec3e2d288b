package dev.offlineaccess.session;

import dev.offlineaccess.provider.Claims;
import com.nimbusds.jwt.JWTParser;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.GrantKey;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The signed-in user, as kept in the HTTP session: verified claims, principal name, roles, the tokens the session
 * uses, and — for an offline login — only the handle of the stored grant. The refresh token of an offline grant is
 * never here: it lives in the offline-token store alone, so that the session and background tasks share one
 * refresh-token chain.
 *
 * <p>Immutable and {@link Serializable} (sessions may be persisted or replicated); kept small (under 4 KB with
 * Keycloak's tokens): the verified ID token is kept once, as {@code id_token_hint} for logout and as the source of
 * {@link #claims()}, and only the UserInfo claims it lacks are kept beside it. {@link #toString()} shows no token.
 * Every component is non-{@code null} except {@code refreshToken}.
 *
 * @param issuer               the provider's issuer
 * @param clientId             this client's id at the provider
 * @param subject              the user's {@code sub}
 * @param principalName        the configured principal claim's value ({@code getRemoteUser()})
 * @param roles                the roles read from the configured claim paths
 * @param idToken              the verified raw ID token (the latest one, when a refresh returned one)
 * @param userInfoClaims       the UserInfo claims the ID token lacks (deep-immutable)
 * @param accessToken          the current access token
 * @param accessTokenExpiresAt when it expires
 * @param scopes               the granted scopes
 * @param refreshToken         the online refresh token; always {@code null} for an offline login
 * @param offline              the refresh token of this login was stored as an offline grant
 * @param csrfToken            the token a logout form must carry
 * @param signedInAt           when the user signed in
 */
public record UserSession(String issuer, String clientId, String subject, String principalName, Set<String> roles,
                          String idToken, Map<String, Object> userInfoClaims, String accessToken,
                          Instant accessTokenExpiresAt, Set<String> scopes, String refreshToken, boolean offline,
                          String csrfToken, Instant signedInAt) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Claims only the protocol needs; not kept in the session. */
    static final Set<String> PROTOCOL_CLAIMS = Set.of("nonce", "at_hash", "c_hash", "s_hash", "jti", "typ",
            "session_state");

    public UserSession {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(principalName, "principalName");
        Objects.requireNonNull(idToken, "idToken");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(signedInAt, "signedInAt");
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
        userInfoClaims = Claims.freeze(userInfoClaims);
        try {
            JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new IllegalArgumentException("idToken is not a JWT");
        }
        if (offline && refreshToken != null) {
            throw new IllegalArgumentException("an offline session keeps no refresh token; the store has it");
        }
    }

    /** The stored offline grant this session draws its access tokens from, when it is an offline login. */
    public Optional<GrantKey> grantKey() {
        return offline ? Optional.of(new GrantKey(issuer, clientId, subject)) : Optional.empty();
    }

    /** Whether the access token expires within {@code skew} of {@code now}. */
    public boolean accessTokenExpired(Instant now, Duration skew) {
        return !accessTokenExpiresAt.isAfter(now.plus(skew));
    }

    /** This session with a new access token (and, for an online session, the rotated refresh token if any). */
    public UserSession withTokens(String newAccessToken, Instant expiresAt, Set<String> newScopes,
                                  String newRefreshToken, String newIdToken, Set<String> newRoles) {
        return new UserSession(issuer, clientId, subject, principalName, newRoles,
                newIdToken == null ? idToken : newIdToken, userInfoClaims, newAccessToken, expiresAt,
                newScopes.isEmpty() ? scopes : newScopes,
                offline ? null : (newRefreshToken == null ? refreshToken : newRefreshToken), offline, csrfToken,
                signedInAt);
    }

    /**
     * The user's claims: those of the ID token (verified when it was received; protocol-only claims such as
     * {@code nonce} left out) plus the UserInfo claims it lacks. Deep-immutable; decoded on each call.
     */
    public Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>(userInfoClaims);
        try {
            JWTParser.parse(idToken).getJWTClaimsSet().toJSONObject().forEach((name, value) -> {
                if (!PROTOCOL_CLAIMS.contains(name)) {
                    claims.put(name, value);
                }
            });
        } catch (ParseException e) {
            throw new IllegalStateException("the session's ID token cannot be read", e);
        }
        return Claims.freeze(claims);
    }

    /**
     * The provider's session id this login belongs to: the {@code sid} claim of the ID token (Keycloak always sends
     * it), or {@code null} when the token has none. A back-channel logout names the session by it. Decoded on each
     * call (a few microseconds).
     */
    public String sid() {
        try {
            return JWTParser.parse(idToken).getJWTClaimsSet().getClaim("sid") instanceof String sid && !sid.isEmpty()
                    ? sid : null;
        } catch (ParseException e) {
            throw new IllegalStateException("the session's ID token cannot be read", e);
        }
    }

    /** The access token as the public token type. */
    public AccessToken currentAccessToken() {
        return new AccessToken(accessToken, accessTokenExpiresAt, scopes);
    }

    /** Whether this session belongs to the same user at the same provider as {@code other}. */
    public boolean sameUserAs(UserSession other) {
        return other != null && issuer.equals(other.issuer) && subject.equals(other.subject);
    }

    /** Serialized as a {@link UserSessionForm}: the values without per-field class metadata. */
    @Serial
    private Object writeReplace() {
        return new UserSessionForm(this);
    }

    @Override
    public String toString() {
        return "UserSession[issuer=" + issuer + ", principal=" + principalName + ", roles=" + roles + ", offline="
                + offline + ", accessTokenExpiresAt=" + accessTokenExpiresAt + ", refreshToken="
                + (refreshToken == null ? "none" : "present") + "]";
    }
}
