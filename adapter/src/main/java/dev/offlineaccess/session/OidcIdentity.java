package dev.offlineaccess.session;

import dev.offlineaccess.provider.Claims;
import dev.offlineaccess.tokens.AccessToken;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who the current request is from, as verified by the OpenID Connect filter: the application's view of the user.
 * The filter sets it as the request attribute {@value #ATTRIBUTE} on every request it lets through, and it is also
 * what {@code getUserPrincipal()} returns.
 *
 * <p>Immutable and thread-safe. Claim values are {@code String}, {@code Number}, {@code Boolean}, or unmodifiable
 * {@code List}/{@code Map} of those (JSON {@code null} is kept as {@code null}). Accessors never return
 * {@code null}. Serializable for applications that keep the principal in their own session; the access token is
 * not serialized. {@link #toString()} shows no token.
 *
 * <p>The identity of a browser session ({@link #of(UserSession)}) decodes its claims from the session's ID token,
 * and rebuilds the access token from the session's compact form, on the first call that asks for them, not when it
 * is made: the filter makes one per request, and most requests only need the principal name and the roles.
 */
public final class OidcIdentity implements Principal, Serializable {
    /** The request attribute under which the filter publishes the identity. */
    public static final String ATTRIBUTE = "dev.offlineaccess.identity";

    @Serial
    private static final long serialVersionUID = 1L;

    private final String issuer;
    private final String subject;
    private final String principalName;
    private final Set<String> roles;
    /** Decoded on first use when {@link #session} is set; always set once serialized. */
    private volatile Map<String, Object> claims;
    private final boolean offlineGranted;
    /** Made on first use when {@link #session} is set. */
    private transient volatile AccessToken accessToken;
    /** The browser session this identity reads its claims and access token from, or {@code null}. */
    private final transient UserSession session;

    /**
     * @param issuer         the provider's issuer
     * @param subject        the user's {@code sub}
     * @param principalName  the configured principal claim's value
     * @param roles          the user's roles
     * @param claims         the verified claims
     * @param offlineGranted whether an offline grant of this user was stored at this sign-in
     * @param accessToken    the request's access token, or {@code null}
     */
    public OidcIdentity(String issuer, String subject, String principalName, Set<String> roles,
                        Map<String, Object> claims, boolean offlineGranted, AccessToken accessToken) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.principalName = Objects.requireNonNull(principalName, "principalName");
        this.roles = Set.copyOf(roles);
        this.claims = Claims.freeze(claims);
        this.offlineGranted = offlineGranted;
        this.accessToken = accessToken;
        this.session = null;
    }

    private OidcIdentity(UserSession session) {
        this.issuer = session.issuer();
        this.subject = session.subject();
        this.principalName = session.principalName();
        this.roles = session.roles();
        this.offlineGranted = session.offline();
        this.session = session;
    }

    /** The identity of a signed-in browser session; its claims are decoded when first asked for. */
    public static OidcIdentity of(UserSession session) {
        return new OidcIdentity(Objects.requireNonNull(session, "session"));
    }

    /** The provider's issuer identifier. */
    public String issuer() {
        return issuer;
    }

    /** The user's subject ({@code sub}): stable and unique at the issuer. */
    public String subject() {
        return subject;
    }

    /** The application's user name: the configured principal claim ({@code getRemoteUser()}). */
    public String principalName() {
        return principalName;
    }

    /** Same as {@link #principalName()}. */
    @Override
    public String getName() {
        return principalName;
    }

    /** The user's roles ({@code isUserInRole}). */
    public Set<String> roles() {
        return roles;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Every verified claim. */
    public Map<String, Object> claims() {
        Map<String, Object> decoded = claims;
        if (decoded == null) {
            decoded = session.claims(); // deep-immutable already; two racing threads decode equal maps
            claims = decoded;
        }
        return decoded;
    }

    /** One claim's value, or empty. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims().get(name));
    }

    /** A string claim, or empty when absent or not a string. */
    public Optional<String> stringClaim(String name) {
        return claims().get(name) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    /** Whether this user's sign-in stored an offline grant (background tasks can act for them). */
    public boolean offlineGranted() {
        return offlineGranted;
    }

    /** The access token of this request (the session's, refreshed if needed), or empty after deserialization. */
    public Optional<AccessToken> accessToken() {
        AccessToken token = accessToken;
        if (token == null && session != null) {
            token = session.currentAccessToken(); // two racing threads make equal tokens
            accessToken = token;
        }
        return Optional.ofNullable(token);
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        claims();
        out.defaultWriteObject();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OidcIdentity that && issuer.equals(that.issuer) && subject.equals(that.subject)
                && principalName.equals(that.principalName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuer, subject, principalName);
    }

    @Override
    public String toString() {
        return "OidcIdentity[" + principalName + ", issuer=" + issuer + ", roles=" + roles + ", offlineGranted="
                + offlineGranted + "]";
    }
}
