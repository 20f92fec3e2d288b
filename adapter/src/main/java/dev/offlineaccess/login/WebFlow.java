package dev.offlineaccess.login;

import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.logout.LogoutRequests;
import dev.offlineaccess.logout.SessionEndCheck;
import dev.offlineaccess.provider.ProviderMisconfiguredException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.session.OidcIdentity;
import dev.offlineaccess.session.ProviderCalls;
import dev.offlineaccess.session.RefreshOutcome;
import dev.offlineaccess.session.RefreshOutcome.Dependency;
import dev.offlineaccess.session.RoleMapper;
import dev.offlineaccess.session.SessionRefresher;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.tokens.OfflineTokens;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The core of the filter: decides what one request gets. The callback path completes a sign-in, the logout path
 * confirms and performs a logout, API requests are checked by their bearer token, and every other request proceeds
 * as the signed-in user (their access token renewed when it expired) or starts a sign-in. A signed-in session the
 * provider ended by back-channel logout ({@link SessionEndCheck}) is treated as signed out. It never sees a servlet
 * type: it reads a {@link WebRequest} and answers a {@link WebResult}.
 *
 * <p>Thread-safe. The caller runs requests of one HTTP session one at a time through {@link #handle} and applies the
 * result's session change before the next one (so that a refresh token is used once and pending sign-ins are not
 * lost).
 */
public final class WebFlow {
    private static final System.Logger LOG = System.getLogger(WebFlow.class.getName());

    /** {@code getAuthType()} of a browser session. */
    public static final String AUTH_TYPE_SESSION = "OIDC";
    /** {@code getAuthType()} of a bearer-token request. */
    public static final String AUTH_TYPE_BEARER = "BEARER";

    /** The longest time before expiry at which a session's access token is renewed. */
    public static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(10);
    /** The form field of a logout POST that carries the session's CSRF token. */
    public static final String CSRF_FIELD = "csrf";
    /** The {@code Retry-After} sent while the provider or the token store cannot be reached. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final FlowPaths paths;
    private final OidcSettings settings;
    private final ProviderCalls provider;
    private final AuthorizationRequests authorizationRequests;
    private final Callbacks callbacks;
    private final SessionRefresher refresher;
    private final LogoutFlow logout;
    private final BearerCheck bearer;
    private final SessionEndCheck endings;
    private final List<PathPattern> bearerPaths;
    private final Clock clock;

    private WebFlow(FlowPaths paths, OidcSettings settings, ProviderCalls provider, OfflineTokens tokens,
                    GrantRecorder grants, BearerCheck bearer, SessionEndCheck endings, Clock clock) {
        this.paths = Objects.requireNonNull(paths, "paths");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.bearer = Objects.requireNonNull(bearer, "bearer");
        this.endings = Objects.requireNonNull(endings, "endings");
        this.clock = Objects.requireNonNull(clock, "clock");
        String clientId = settings.client().clientId();
        RoleMapper roles = new RoleMapper(settings.login().roleClaims(), clientId);
        this.authorizationRequests = new AuthorizationRequests(clientId, settings.login(), clock);
        this.callbacks = new Callbacks(provider, new SignedInUsers(clientId, settings.login().principalClaim(), roles,
                provider, grants, clock), clock, settings.http().clockSkew());
        this.refresher = new SessionRefresher(provider, tokens, roles, clock, refreshMargin(settings));
        this.logout = new LogoutFlow(paths, new LogoutRequests(provider, settings.logout().postLogoutRedirect()));
        this.bearerPaths = settings.bearer().bearerPaths().stream().map(PathPattern::new).toList();
    }

    /**
     * How early a session's access token counts as expired: the clock skew, at most {@link #MAX_REFRESH_MARGIN}
     * (a 60 s skew with Keycloak's 60 s tokens would otherwise renew on every request).
     */
    static Duration refreshMargin(OidcSettings settings) {
        Duration skew = settings.http().clockSkew();
        return skew.compareTo(MAX_REFRESH_MARGIN) > 0 ? MAX_REFRESH_MARGIN : skew;
    }

    /**
     * The flow for a configuration.
     *
     * @param paths    where the callback and logout are
     * @param settings the validated configuration
     * @param provider the provider calls
     * @param tokens   the offline-token service (offline sessions get their access tokens from it)
     * @param grants   where sign-ins store offline grants
     * @param bearer   the bearer-token check for API requests
     * @param endings  whether the provider ended a signed-in session by back-channel logout
     *                 ({@link SessionEndCheck#off()} without a back-channel logout endpoint)
     * @param clock    the time source
     */
    public static WebFlow create(FlowPaths paths, OidcSettings settings, ProviderCalls provider,
                                 OfflineTokens tokens, GrantRecorder grants, BearerCheck bearer,
                                 SessionEndCheck endings, Clock clock) {
        return new WebFlow(paths, settings, provider, tokens, grants, bearer, endings, clock);
    }

    public FlowPaths paths() {
        return paths;
    }

    /** What {@code request} gets. */
    public WebResult handle(WebRequest request) {
        if (request.path().equals(paths.callback())) {
            return callback(request);
        }
        boolean logoutPath = request.path().equals(paths.logout());
        boolean api = !logoutPath && isApiRequest(request);
        if (!api && request.user() != null && endings.isEnded(request.user())) {
            return endedByProvider(request);
        }
        if (logoutPath) {
            return logout.handle(request);
        }
        return api ? bearer(request) : browser(request);
    }

    /**
     * The provider ended the session (back-channel logout): the HTTP session goes and the request is answered as
     * one without a session — the logout path says "signed out", a JSON client gets 401, a browser signs in again.
     */
    private WebResult endedByProvider(WebRequest request) {
        LOG.log(System.Logger.Level.DEBUG, "Session ended by the provider (back-channel logout); signed out");
        if (request.path().equals(paths.logout())) {
            return new WebResult.Page(200, PageKind.SIGNED_OUT, null, root(request), null, SessionChange.ended());
        }
        return request.wantsJson() ? loginRequired(SessionChange.ended())
                : startLogin(withoutUser(request), SessionChange.ended());
    }

    private boolean isApiRequest(WebRequest request) {
        if (settings.bearer().bearerOnly()
                || (request.authorization() != null && request.authorization().regionMatches(true, 0, "Bearer ", 0, 7))) {
            return true;
        }
        for (PathPattern pattern : bearerPaths) { // a loop, not a stream: this runs on every request
            if (pattern.matches(request.path())) {
                return true;
            }
        }
        return false;
    }

    private WebResult callback(WebRequest request) {
        CallbackResult result = callbacks.complete(request.query(), request.pending());
        if (result instanceof CallbackResult.SignedIn signedIn) {
            boolean otherUserBefore = request.user() != null && !request.user().sameUserAs(signedIn.session());
            LOG.log(System.Logger.Level.DEBUG, "Sign-in completed; offline={0}", signedIn.session().offline());
            SessionChange change = SessionChange.signedIn(signedIn.session(), signedIn.remaining(), otherUserBefore);
            return signedIn.offlineNotSaved()
                    ? new WebResult.Page(200, PageKind.OFFLINE_NOT_SAVED, null, signedIn.returnPath(), null, change)
                    : new WebResult.Redirect(signedIn.returnPath(), change);
        }
        CallbackResult.Failed failed = (CallbackResult.Failed) result;
        LOG.log(System.Logger.Level.DEBUG, "Sign-in failed: {0}", failed.error());
        return loginFailed(failed.error(), failed.retryPath() == null ? root(request) : failed.retryPath(),
                SessionChange.pending(failed.remaining()));
    }

    private WebResult bearer(WebRequest request) {
        BearerCheck.Result result = bearer.check(request.authorization());
        if (result instanceof BearerCheck.Authenticated authenticated) {
            return new WebResult.Proceed(authenticated.identity(), AUTH_TYPE_BEARER, SessionChange.NONE);
        }
        BearerCheck.Rejected rejected = (BearerCheck.Rejected) result;
        return new WebResult.Challenge(rejected.status(), rejected.wwwAuthenticate(),
                rejected.error() == null ? "unauthorized" : rejected.error(), rejected.description(),
                rejected.retryAfter(), SessionChange.NONE);
    }

    private WebResult browser(WebRequest request) {
        UserSession user = request.user();
        if (user == null) {
            return request.wantsJson() ? loginRequired(SessionChange.NONE) : startLogin(request, SessionChange.NONE);
        }
        if (wantsOfflineUpgrade(request, user)) {
            return startLogin(request, SessionChange.NONE);
        }
        RefreshOutcome outcome = refresher.ensureFresh(user);
        if (outcome instanceof RefreshOutcome.Fresh fresh) {
            return new WebResult.Proceed(OidcIdentity.of(fresh.session()), AUTH_TYPE_SESSION,
                    fresh.refreshed() ? SessionChange.updated(fresh.session()) : SessionChange.NONE);
        }
        if (outcome instanceof RefreshOutcome.Ended ended) {
            LOG.log(System.Logger.Level.DEBUG, "Session ended, signing in again: {0}", ended.reason());
            WebRequest signedOut = withoutUser(request);
            return request.wantsJson() ? loginRequired(SessionChange.ended())
                    : startLogin(signedOut, SessionChange.ended());
        }
        RefreshOutcome.Unavailable unavailable = (RefreshOutcome.Unavailable) outcome;
        LOG.log(System.Logger.Level.DEBUG, "Session not renewed now ({0} down): {1}", unavailable.down(),
                unavailable.reason());
        return unavailable(request, unavailable.down(), SessionChange.NONE);
    }

    /** A signed-in user without an offline grant asks for one ({@code ?scope=offline_access}, on-demand mode). */
    private boolean wantsOfflineUpgrade(WebRequest request, UserSession user) {
        if (user.offline() || !request.query().containsKey("scope")) {
            return false;
        }
        try {
            LoginParameters parameters = LoginParameters.from(request.query());
            return parameters.offlineRequested() && authorizationRequests.wantsOffline(parameters);
        } catch (LoginException e) {
            return false;
        }
    }

    private WebResult startLogin(WebRequest request, SessionChange change) {
        try {
            LoginParameters parameters = LoginParameters.from(request.query());
            URI redirectUri = request.origin().resolve(request.contextPath() + paths.callback());
            String returnPath = ReturnPath.of(request.requestUri(), request.rawQuery(), root(request));
            LoginStart start = authorizationRequests.start(provider.endpoints().authorizationEndpoint(), redirectUri,
                    returnPath, parameters);
            PendingLogins pending = (change.invalidate() ? PendingLogins.empty() : request.pending())
                    .withoutExpired(clock.instant()).with(start.pending(), settings.login().maxPendingLogins());
            LOG.log(System.Logger.Level.DEBUG, "Starting sign-in; offline={0}", start.pending().offlineRequested());
            return new WebResult.Redirect(start.authorizationUri().toString(), change.withPending(pending));
        } catch (LoginException e) {
            return loginFailed(e.error(), root(request), change);
        } catch (ProviderUnavailableException e) {
            LOG.log(System.Logger.Level.DEBUG, "Provider unavailable: {0}", e.getMessage());
            return unavailable(request, Dependency.PROVIDER, change);
        } catch (ProviderMisconfiguredException e) {
            return loginFailed(SignedInUsers.misconfigured(e).error(), root(request), change);
        }
    }

    /**
     * 503 with {@link #RETRY_AFTER}, naming what is down: a page for a browser, a {@code temporarily_unavailable}
     * challenge for a JSON client.
     */
    private WebResult unavailable(WebRequest request, Dependency down, SessionChange change) {
        if (request.wantsJson()) {
            String description = switch (down) {
                case PROVIDER -> "The identity provider cannot be reached";
                case TOKEN_STORE -> "The token store cannot be reached";
            };
            return new WebResult.Challenge(503, null, "temporarily_unavailable", description, RETRY_AFTER, change);
        }
        LoginFailure failure = switch (down) {
            case PROVIDER -> LoginFailure.PROVIDER_UNAVAILABLE;
            case TOKEN_STORE -> LoginFailure.TOKEN_STORE_UNAVAILABLE;
        };
        return loginFailed(LoginError.of(failure), originalUrl(request), change);
    }

    private WebResult loginRequired(SessionChange change) {
        return new WebResult.Challenge(401, "Bearer realm=\"" + settings.client().clientId() + "\"", "unauthorized",
                "Sign in first: this resource needs an authenticated session or a bearer token", null, change);
    }

    private static WebResult loginFailed(LoginError error, String retryPath, SessionChange change) {
        return new WebResult.Page(error.failure().status(), PageKind.LOGIN_FAILED, error,
                ReturnPath.isLocal(retryPath) ? retryPath : "/", null, change);
    }

    private static WebRequest withoutUser(WebRequest request) {
        return new WebRequest(request.method(), request.origin(), request.contextPath(), request.path(),
                request.requestUri(), request.rawQuery(), request.query(), request.form(), request.authorization(),
                request.wantsJson(), null, PendingLogins.empty());
    }

    /** The URL as requested, parameters included, when it is a safe local path; else the context root. */
    private static String originalUrl(WebRequest request) {
        String url = request.requestUri() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        return ReturnPath.isLocal(url) ? url : root(request);
    }

    static String root(WebRequest request) {
        return request.contextPath() + "/";
    }
}
