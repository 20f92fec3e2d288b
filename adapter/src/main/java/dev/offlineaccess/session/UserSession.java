package dev.offlineaccess.session;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.offlineaccess.provider.Claims;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.GrantKey;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamField;
import java.io.Serial;
import java.io.Serializable;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The signed-in user, as kept in the HTTP session: principal name, roles, the tokens the session uses, and — for an
 * offline login — only the handle of the stored grant. The refresh token of an offline grant is never here: it
 * lives in the offline-token store alone, so that the session and background tasks share one refresh-token chain.
 *
 * <p>Kept small (about 3.3 KB on the heap with Keycloak's tokens, most of it the tokens): the verified ID token is
 * kept once, as {@code id_token_hint} for logout and as the source of {@link #claims()}, and only the UserInfo
 * claims it lacks are kept beside it; JWTs are held as their decoded bytes ({@link CompactToken}), so
 * {@link #idToken()}, {@link #accessToken()} and {@link #refreshToken()} rebuild the text on each call; the scopes
 * are one space-separated string, the two instants are numbers; the issuer, the client id, the roles and the scopes
 * are interned, so all sessions share one copy of each.
 *
 * <p>Immutable and {@link Serializable} (sessions may be persisted or replicated; see {@link UserSessionForm}).
 * Equal when all components are. Every component is non-{@code null} except {@code refreshToken}.
 * {@link #toString()} shows no token. Thread-safe.
 */
public final class UserSession implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The components of the record this class once was, as its own serialized form has them: read by readObject. */
    @Serial
    private static final ObjectStreamField[] serialPersistentFields = UserSessionForm.RECORD_FIELDS;

    /** Claims only the protocol needs; not kept in the session. */
    static final Set<String> PROTOCOL_CLAIMS = Set.of("nonce", "at_hash", "c_hash", "s_hash", "jti", "typ",
            "session_state");

    private final String issuer;
    private final String clientId;
    private final String subject;
    private final String principalName;
    private final Set<String> roles;
    private final CompactToken idToken;
    /** {@code null} when there are none (most sessions): an empty map would cost ~100 bytes here. */
    private final Map<String, Object> userInfoClaims;
    private final CompactToken accessToken;
    private final long accessTokenExpiresAtSecond;
    private final int accessTokenExpiresAtNano;
    /** Space-separated, sorted. */
    private final String scopes;
    private final CompactToken refreshToken;
    private final boolean offline;
    private final String csrfToken;
    private final long signedInAtSecond;
    private final int signedInAtNano;
    /** Only in the object Java makes when it reads the record's own form: the session {@link #readResolve} gives. */
    private transient UserSession readFromRecordForm;

    /**
     * @param issuer               the provider's issuer
     * @param clientId             this client's id at the provider
     * @param subject              the user's {@code sub}
     * @param principalName        the configured principal claim's value ({@code getRemoteUser()})
     * @param roles                the roles read from the configured claim paths
     * @param idToken              the verified raw ID token (the latest one, when a refresh returned one)
     * @param userInfoClaims       the UserInfo claims the ID token lacks
     * @param accessToken          the current access token
     * @param accessTokenExpiresAt when it expires
     * @param scopes               the granted scopes (none empty or containing a space, as RFC 6749 has them)
     * @param refreshToken         the online refresh token; always {@code null} for an offline login
     * @param offline              the refresh token of this login was stored as an offline grant
     * @param csrfToken            the token a logout form must carry
     * @param signedInAt           when the user signed in
     * @throws IllegalArgumentException the ID token is no JWT, a scope is empty or has a space, or an offline
     *                                  session was given a refresh token
     */
    public UserSession(String issuer, String clientId, String subject, String principalName, Set<String> roles,
                       String idToken, Map<String, Object> userInfoClaims, String accessToken,
                       Instant accessTokenExpiresAt, Set<String> scopes, String refreshToken, boolean offline,
                       String csrfToken, Instant signedInAt) {
        this(issuer, clientId, subject, principalName, roles,
                CompactToken.of(Objects.requireNonNull(idToken, "idToken")), userInfoClaims,
                CompactToken.of(Objects.requireNonNull(accessToken, "accessToken")), accessTokenExpiresAt,
                Vocabulary.scopeList(scopes), refreshToken == null ? null : CompactToken.of(refreshToken), offline,
                csrfToken, signedInAt);
    }

    /** The session from the values as kept; validated like any other. */
    UserSession(String issuer, String clientId, String subject, String principalName, Set<String> roles,
                CompactToken idToken, Map<String, Object> userInfoClaims, CompactToken accessToken,
                Instant accessTokenExpiresAt, String scopes, CompactToken refreshToken, boolean offline,
                String csrfToken, Instant signedInAt) {
        this.issuer = Objects.requireNonNull(issuer, "issuer").intern();
        this.clientId = Objects.requireNonNull(clientId, "clientId").intern();
        this.subject = Objects.requireNonNull(subject, "subject");
        this.principalName = Objects.requireNonNull(principalName, "principalName");
        this.roles = Vocabulary.internedSet(roles);
        this.idToken = checkedJwt(Objects.requireNonNull(idToken, "idToken"));
        this.userInfoClaims = userInfoClaims.isEmpty() ? null : Claims.freeze(userInfoClaims);
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        this.accessTokenExpiresAtSecond = accessTokenExpiresAt.getEpochSecond();
        this.accessTokenExpiresAtNano = accessTokenExpiresAt.getNano();
        this.scopes = Objects.requireNonNull(scopes, "scopes").intern();
        this.refreshToken = refreshToken;
        this.offline = offline;
        this.csrfToken = Objects.requireNonNull(csrfToken, "csrfToken");
        this.signedInAtSecond = signedInAt.getEpochSecond();
        this.signedInAtNano = signedInAt.getNano();
        if (offline && refreshToken != null) {
            throw new IllegalArgumentException("an offline session keeps no refresh token; the store has it");
        }
    }

    private static CompactToken checkedJwt(CompactToken idToken) {
        try {
            JWTParser.parse(idToken.text());
            return idToken;
        } catch (ParseException e) {
            throw new IllegalArgumentException("idToken is not a JWT");
        }
    }

    /** The provider's issuer (one shared instance for all sessions). */
    public String issuer() {
        return issuer;
    }

    /** This client's id at the provider (one shared instance for all sessions). */
    public String clientId() {
        return clientId;
    }

    /** The user's {@code sub}. */
    public String subject() {
        return subject;
    }

    /** The configured principal claim's value ({@code getRemoteUser()}). */
    public String principalName() {
        return principalName;
    }

    /** The roles read from the configured claim paths (unmodifiable). */
    public Set<String> roles() {
        return roles;
    }

    /** The verified raw ID token, rebuilt from its bytes on each call. */
    public String idToken() {
        return idToken.text();
    }

    /** The UserInfo claims the ID token lacks (deep-immutable). */
    public Map<String, Object> userInfoClaims() {
        return userInfoClaims == null ? Map.of() : userInfoClaims;
    }

    /** The current access token, rebuilt from its bytes on each call. */
    public String accessToken() {
        return accessToken.text();
    }

    /** When the access token expires. */
    public Instant accessTokenExpiresAt() {
        return Instant.ofEpochSecond(accessTokenExpiresAtSecond, accessTokenExpiresAtNano);
    }

    /** The granted scopes (unmodifiable; a new set on each call). */
    public Set<String> scopes() {
        return Vocabulary.scopeSet(scopes);
    }

    /** The online refresh token, rebuilt on each call; always {@code null} for an offline login. */
    public String refreshToken() {
        return refreshToken == null ? null : refreshToken.text();
    }

    /** Whether the refresh token of this login was stored as an offline grant. */
    public boolean offline() {
        return offline;
    }

    /** The token a logout form must carry. */
    public String csrfToken() {
        return csrfToken;
    }

    /** When the user signed in. */
    public Instant signedInAt() {
        return Instant.ofEpochSecond(signedInAtSecond, signedInAtNano);
    }

    /** The stored offline grant this session draws its access tokens from, when it is an offline login. */
    public Optional<GrantKey> grantKey() {
        return offline ? Optional.of(new GrantKey(issuer, clientId, subject)) : Optional.empty();
    }

    /** Whether the access token expires within {@code skew} of {@code now}. */
    public boolean accessTokenExpired(Instant now, Duration skew) {
        Instant limit = now.plus(skew);
        long second = limit.getEpochSecond();
        return accessTokenExpiresAtSecond < second
                || (accessTokenExpiresAtSecond == second && accessTokenExpiresAtNano <= limit.getNano());
    }

    /** This session with a new access token (and, for an online session, the rotated refresh token if any). */
    public UserSession withTokens(String newAccessToken, Instant expiresAt, Set<String> newScopes,
                                  String newRefreshToken, String newIdToken, Set<String> newRoles) {
        return new UserSession(issuer, clientId, subject, principalName, newRoles,
                newIdToken == null ? idToken : CompactToken.of(newIdToken), userInfoClaims(),
                CompactToken.of(Objects.requireNonNull(newAccessToken, "newAccessToken")), expiresAt,
                newScopes.isEmpty() ? scopes : Vocabulary.scopeList(newScopes),
                offline ? null : newRefreshToken == null ? refreshToken : CompactToken.of(newRefreshToken), offline,
                csrfToken, signedInAt());
    }

    /**
     * The user's claims: those of the ID token (verified when it was received; protocol-only claims such as
     * {@code nonce} left out) plus the UserInfo claims it lacks. Deep-immutable; decoded on each call.
     */
    public Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>(userInfoClaims());
        idTokenClaims().toJSONObject().forEach((name, value) -> {
            if (!PROTOCOL_CLAIMS.contains(name)) {
                claims.put(name, value);
            }
        });
        return Claims.freeze(claims);
    }

    /**
     * The provider's session id this login belongs to: the {@code sid} claim of the ID token (Keycloak always sends
     * it), or {@code null} when the token has none. A back-channel logout names the session by it. Decoded on each
     * call from the ID token's payload bytes (no base64, a few microseconds).
     */
    public String sid() {
        return idTokenClaims().getClaim("sid") instanceof String sid && !sid.isEmpty() ? sid : null;
    }

    private JWTClaimsSet idTokenClaims() {
        String payload = idToken.payloadJson();
        try {
            return payload != null ? JWTClaimsSet.parse(payload) : JWTParser.parse(idToken.text()).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException("the session's ID token cannot be read", e);
        }
    }

    /** The access token as the public token type (rebuilt on each call: ask when the application needs it). */
    public AccessToken currentAccessToken() {
        return new AccessToken(accessToken.text(), accessTokenExpiresAt(), scopes());
    }

    /** Whether this session belongs to the same user at the same provider as {@code other}. */
    public boolean sameUserAs(UserSession other) {
        return other != null && issuer.equals(other.issuer) && subject.equals(other.subject);
    }

    CompactToken compactIdToken() {
        return idToken;
    }

    CompactToken compactAccessToken() {
        return accessToken;
    }

    CompactToken compactRefreshToken() {
        return refreshToken;
    }

    /** The scopes, space-separated. */
    String scopeList() {
        return scopes;
    }

    /** Serialized as a {@link UserSessionForm}: the values without per-field class metadata. */
    @Serial
    private Object writeReplace() {
        return new UserSessionForm(this);
    }

    /** Reads a session written in the record's own serialized form (before {@link UserSessionForm} existed). */
    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        readFromRecordForm = UserSessionForm.fromRecordForm(in.readFields());
    }

    @Serial
    private Object readResolve() {
        return readFromRecordForm;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserSession that && issuer.equals(that.issuer) && clientId.equals(that.clientId)
                && subject.equals(that.subject) && principalName.equals(that.principalName)
                && roles.equals(that.roles) && idToken.equals(that.idToken)
                && userInfoClaims().equals(that.userInfoClaims()) && accessToken.equals(that.accessToken)
                && accessTokenExpiresAtSecond == that.accessTokenExpiresAtSecond
                && accessTokenExpiresAtNano == that.accessTokenExpiresAtNano && scopes.equals(that.scopes)
                && Objects.equals(refreshToken, that.refreshToken) && offline == that.offline
                && csrfToken.equals(that.csrfToken) && signedInAtSecond == that.signedInAtSecond
                && signedInAtNano == that.signedInAtNano;
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuer, subject, accessToken, accessTokenExpiresAtSecond, signedInAtSecond);
    }

    @Override
    public String toString() {
        return "UserSession[issuer=" + issuer + ", principal=" + principalName + ", roles=" + roles + ", offline="
                + offline + ", accessTokenExpiresAt=" + accessTokenExpiresAt() + ", refreshToken="
                + (refreshToken == null ? "none" : "present") + "]";
    }
}
