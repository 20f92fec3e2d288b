package dev.offlineaccess.login;

import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.ProviderEndpoints;
import dev.offlineaccess.provider.ProviderMisconfiguredException;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.VerifiedIdToken;
import dev.offlineaccess.session.ProviderCalls;
import dev.offlineaccess.session.RoleMapper;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.OfflineTokenException;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a verified sign-in into a session: reads the principal and the roles (fetching UserInfo when the ID token
 * lacks the principal claim or every role claim and the access token has no role claim either), checks whether
 * offline access was really granted and, if it was asked for, hands the grant to the token service. Thread-safe.
 */
public final class SignedInUsers {
    private static final System.Logger LOG = System.getLogger(SignedInUsers.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientId;
    private final String principalClaim;
    private final RoleMapper roles;
    private final ProviderCalls provider;
    private final GrantRecorder grants;
    private final Clock clock;

    /**
     * @param clientId       this client's id
     * @param principalClaim the claim that names the user ({@code preferred_username}, {@code email}, {@code sub})
     * @param roles          how roles are read
     * @param provider       the provider calls (UserInfo, access-token claims)
     * @param grants         where offline grants go
     * @param clock          the time source
     */
    public SignedInUsers(String clientId, String principalClaim, RoleMapper roles, ProviderCalls provider,
                         GrantRecorder grants, Clock clock) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.principalClaim = Objects.requireNonNull(principalClaim, "principalClaim");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A verified sign-in's session, and whether offline access was granted but could not be saved.
     *
     * @param session         the new session
     * @param offlineNotSaved the provider granted offline access but the token store could not be written: the user
     *                        is signed in without it and must be told
     */
    record SignIn(UserSession session, boolean offlineNotSaved) {
    }

    /**
     * The session for a verified sign-in. When the provider granted offline access but the store cannot be written,
     * the user is still signed in, as an ordinary session that keeps neither the offline token nor a refresh token
     * (the offline token is held nowhere: it must not live on in an HTTP session); it ends when its access token
     * expires, and a new sign-in can ask for offline access again.
     *
     * @param offlineRequested whether the authorization request asked for {@code offline_access}
     * @throws LoginException UserInfo of another subject, the provider unreachable
     */
    SignIn signIn(ProviderEndpoints endpoints, IssuedTokens tokens, VerifiedIdToken idToken,
                  boolean offlineRequested) throws LoginException {
        Map<String, Object> accessTokenClaims = accessTokenClaims(tokens);
        Map<String, Object> userInfo = needsUserInfo(idToken.claims(), accessTokenClaims)
                ? userInfo(endpoints, tokens, idToken) : Map.of();
        Map<String, Object> extras = new LinkedHashMap<>(userInfo);
        extras.keySet().removeAll(idToken.claims().keySet());
        String principal = principal(idToken, userInfo);
        boolean offline = offlineRequested && tokens.isOfflineGrant();
        if (offlineRequested && !offline) {
            LOG.log(System.Logger.Level.DEBUG, "Offline access was requested but the provider granted none; signing "
                    + "in without it");
        }
        boolean notSaved = offline && !stored(new GrantKey(idToken.issuer(), clientId, idToken.subject()), principal,
                tokens);
        boolean keptOffline = offline && !notSaved;
        return new SignIn(new UserSession(idToken.issuer(), clientId, idToken.subject(), principal,
                roles.roles(List.of(idToken.claims(), userInfo, accessTokenClaims)), idToken.rawToken(), extras,
                tokens.accessToken(), tokens.accessTokenExpiresAt(), tokens.scopes(),
                offline ? null : tokens.refreshToken(), keptOffline, randomToken(), clock.instant()), notSaved);
    }

    private Map<String, Object> accessTokenClaims(IssuedTokens tokens) throws LoginException {
        try {
            return provider.accessTokenClaims(tokens.accessToken());
        } catch (ProviderUnavailableException e) {
            throw new LoginException(LoginError.of(LoginFailure.PROVIDER_UNAVAILABLE), e);
        }
    }

    private boolean needsUserInfo(Map<String, Object> idTokenClaims, Map<String, Object> accessTokenClaims) {
        return !idTokenClaims.containsKey(principalClaim)
                || !(roles.anyPathPresent(idTokenClaims) || roles.anyPathPresent(accessTokenClaims));
    }

    private Map<String, Object> userInfo(ProviderEndpoints endpoints, IssuedTokens tokens, VerifiedIdToken idToken)
            throws LoginException {
        if (endpoints.userInfo().isEmpty()) {
            return Map.of();
        }
        try {
            return provider.userInfo(tokens.accessToken(), idToken.subject());
        } catch (ProviderRejectedException e) {
            if (e.error().is(OidcProvider.USERINFO_SUBJECT_MISMATCH)) {
                throw new LoginException(new LoginError(LoginFailure.INVALID_USERINFO, e.error().code()), e);
            }
            LOG.log(System.Logger.Level.DEBUG, "UserInfo refused ({0}); using the ID token's claims only",
                    e.error().code());
            return Map.of();
        } catch (ProviderUnavailableException e) {
            throw new LoginException(LoginError.of(LoginFailure.PROVIDER_UNAVAILABLE), e);
        } catch (ProviderMisconfiguredException e) {
            throw misconfigured(e);
        }
    }

    private String principal(VerifiedIdToken idToken, Map<String, Object> userInfo) {
        Object value = idToken.claims().getOrDefault(principalClaim, userInfo.get(principalClaim));
        if (value instanceof String name && !name.isBlank()) {
            return name;
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        LOG.log(System.Logger.Level.WARNING, "OIDC-LOGIN-002 The principal claim ''{0}'' is missing for a user; "
                + "using ''sub'' instead. Configure principal-attribute to a claim every user has.", principalClaim);
        return idToken.subject();
    }

    /** Stores the grant; {@code false} (with warning {@code OIDC-LOGIN-004}) when the store could not be written. */
    private boolean stored(GrantKey key, String principal, IssuedTokens tokens) {
        try {
            grants.store(key, principal, tokens);
            return true;
        } catch (OfflineTokenException e) {
            LOG.log(System.Logger.Level.WARNING, "OIDC-LOGIN-004 The offline grant of user ''{0}'' could not be "
                    + "stored ({1}); the user is signed in without offline access", principal,
                    e.getClass().getSimpleName());
            return false;
        }
    }

    static LoginException misconfigured(ProviderMisconfiguredException e) {
        LOG.log(System.Logger.Level.WARNING, "OIDC-LOGIN-003 The provider cannot work with this configuration: {0}",
                e.getMessage());
        return new LoginException(new LoginError(LoginFailure.PROVIDER_UNAVAILABLE, e.problem().name()), e);
    }

    /** 32 random bytes, base64url: a CSRF token. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
