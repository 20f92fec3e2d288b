package dev.offlineaccess.session;

import dev.offlineaccess.provider.InvalidIdTokenException;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderMisconfiguredException;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.session.RefreshOutcome.Dependency;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.OfflineTokenException;
import dev.offlineaccess.tokens.OfflineTokens;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps a session's access token valid. An online session refreshes with its own refresh token (and checks that a
 * refreshed ID token names the same subject). An offline session never touches its grant's refresh token: it asks
 * the offline-token service, which holds the one refresh-token chain of the grant and refreshes it single-flight.
 *
 * <p>Thread-safe. The caller makes sure that one session is not refreshed by two threads at once (an online refresh
 * token with rotation may be used only once) and stores the renewed session.
 */
public final class SessionRefresher {
    private final ProviderCalls provider;
    private final OfflineTokens offlineTokens;
    private final RoleMapper roles;
    private final Clock clock;
    private final Duration margin;

    /**
     * @param provider      the provider calls
     * @param offlineTokens the offline-token service, for offline sessions
     * @param roles         how roles are read from claims
     * @param clock         the time source
     * @param margin        an access token expiring within this margin counts as expired (the clock skew)
     */
    public SessionRefresher(ProviderCalls provider, OfflineTokens offlineTokens, RoleMapper roles, Clock clock,
                            Duration margin) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.offlineTokens = Objects.requireNonNull(offlineTokens, "offlineTokens");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.margin = Objects.requireNonNull(margin, "margin");
    }

    /** Whether {@code session}'s access token needs renewing now. */
    public boolean needsRefresh(UserSession session) {
        return session.accessTokenExpired(clock.instant(), margin);
    }

    /** The session, renewed when its access token has expired. */
    public RefreshOutcome ensureFresh(UserSession session) {
        if (!needsRefresh(session)) {
            return new RefreshOutcome.Fresh(session, false);
        }
        try {
            return session.grantKey().isPresent()
                    ? refreshOffline(session, session.grantKey().get())
                    : refreshOnline(session);
        } catch (ProviderUnavailableException e) {
            return new RefreshOutcome.Unavailable(Dependency.PROVIDER, "provider unavailable: " + e.getMessage());
        } catch (ProviderMisconfiguredException e) {
            return new RefreshOutcome.Unavailable(Dependency.PROVIDER, "provider misconfigured: " + e.problem());
        }
    }

    private RefreshOutcome refreshOnline(UserSession session) throws ProviderUnavailableException {
        if (session.refreshToken() == null) {
            return new RefreshOutcome.Ended("the session has no refresh token");
        }
        IssuedTokens tokens;
        try {
            tokens = provider.refresh(session.refreshToken());
            if (tokens.idToken() != null) {
                provider.verifyRefreshedIdToken(tokens.idToken(), session.subject());
            }
        } catch (ProviderRejectedException e) {
            return new RefreshOutcome.Ended("refresh refused: " + e.error().code());
        } catch (InvalidIdTokenException e) {
            return new RefreshOutcome.Ended("refreshed ID token rejected: " + e.reason());
        }
        return new RefreshOutcome.Fresh(session.withTokens(tokens.accessToken(), tokens.accessTokenExpiresAt(),
                tokens.scopes(), tokens.refreshToken(), tokens.idToken(),
                rolesWith(session, tokens.accessToken())), true);
    }

    private RefreshOutcome refreshOffline(UserSession session, GrantKey key) throws ProviderUnavailableException {
        AccessToken token;
        try {
            token = offlineTokens.accessToken(key);
        } catch (OfflineTokenException e) {
            return e.action() == OfflineTokenException.Action.ASK_USER_TO_SIGN_IN_AGAIN
                    ? new RefreshOutcome.Ended("offline grant unusable: " + e.getClass().getSimpleName())
                    : new RefreshOutcome.Unavailable(dependencyDown(e),
                    "offline token unavailable: " + e.getClass().getSimpleName());
        }
        return new RefreshOutcome.Fresh(session.withTokens(token.value(), token.expiresAt(), token.scopes(), null,
                null, rolesWith(session, token.value())), true);
    }

    /**
     * Which dependency a retryable (or configuration) failure of the token service names: the store when the
     * database failed, else the provider (down, or refusing this client's credentials).
     */
    private static Dependency dependencyDown(OfflineTokenException e) {
        return e instanceof TokenStoreUnavailableException ? Dependency.TOKEN_STORE : Dependency.PROVIDER;
    }

    private Set<String> rolesWith(UserSession session, String accessToken) throws ProviderUnavailableException {
        return roles.roles(List.of(session.claims(), provider.accessTokenClaims(accessToken)));
    }
}
