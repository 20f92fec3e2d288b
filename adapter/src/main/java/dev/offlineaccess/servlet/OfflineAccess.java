package dev.offlineaccess.servlet;

import dev.offlineaccess.logout.SessionEndCheck;
import dev.offlineaccess.session.OidcIdentity;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.GrantInfo;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.OfflineTokens;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Static lookups for application code: the offline-token API of an {@link OidcFilter} (for background tasks, which
 * have no request) and the signed-in user of a request.
 *
 * <p><b>Start-up order.</b> A container initialises a web application's context listeners first and its filters
 * afterwards, so a {@code ServletContextListener} that calls {@link #tokens(ServletContext)} in
 * {@code contextInitialized} is too early and gets an {@link IllegalStateException}. Listeners take
 * {@link #lazyTokens(ServletContext)} instead: it returns at once, and each call on it looks the filter's API up
 * then. (A servlet with {@code <load-on-startup>} is also initialised after the filters.)
 *
 * <p>Thread-safe; no argument may be {@code null}.
 */
public final class OfflineAccess {
    /** The context attribute holding the API of the first filter that started ({@code OfflineTokens} class name). */
    public static final String TOKENS_ATTRIBUTE = OfflineTokens.class.getName();
    /** The context attribute holding the filter's check for sessions ended by back-channel logout (when on). */
    static final String ENDINGS_ATTRIBUTE = SessionEndCheck.class.getName();

    private OfflineAccess() {
    }

    /**
     * The offline-token API of the web application's OIDC filter.
     *
     * @throws IllegalStateException no OIDC filter has started (yet) in this web application
     */
    public static OfflineTokens tokens(ServletContext context) {
        return lookup(context, TOKENS_ATTRIBUTE, "an OidcFilter");
    }

    /**
     * The offline-token API of the OIDC filter named {@code filterName} (for an application with several).
     *
     * @throws IllegalStateException that filter has not started (yet)
     */
    public static OfflineTokens tokens(ServletContext context, String filterName) {
        Objects.requireNonNull(filterName, "filterName");
        return lookup(context, attributeFor(filterName), "the OidcFilter named '" + filterName + "'");
    }

    /**
     * An {@link OfflineTokens} that looks up {@link #tokens(ServletContext)} on every call: safe to obtain in a
     * {@code ServletContextListener} before the filter has started. Its calls throw {@link IllegalStateException}
     * while the filter is not started.
     */
    public static OfflineTokens lazyTokens(ServletContext context) {
        Objects.requireNonNull(context, "context");
        return new LazyTokens(context);
    }

    /**
     * Who the request is from: the identity the filter put on it, or — on a page the filter does not cover — the
     * signed-in user of the HTTP session (its access token may have expired there: only the filter renews it), unless
     * the provider ended that session by back-channel logout (the session itself ends on the next request the
     * filter sees).
     */
    public static Optional<OidcIdentity> identity(HttpServletRequest request) {
        if (request.getAttribute(OidcIdentity.ATTRIBUTE) instanceof OidcIdentity identity) {
            return Optional.of(identity);
        }
        UserSession user = SessionState.user(request.getSession(false));
        if (user == null || request.getServletContext().getAttribute(ENDINGS_ATTRIBUTE) instanceof SessionEndCheck
                endings && endings.isEnded(user)) {
            return Optional.empty();
        }
        return Optional.of(OidcIdentity.of(user));
    }

    /**
     * The access token of the request's user, renewed by the filter when needed: to call an API on their behalf.
     *
     * @throws IllegalStateException the request did not pass the filter as a signed-in user
     */
    public static AccessToken accessToken(HttpServletRequest request) {
        if (request.getAttribute(OidcIdentity.ATTRIBUTE) instanceof OidcIdentity identity
                && identity.accessToken().isPresent()) {
            return identity.accessToken().get();
        }
        throw new IllegalStateException("This request has no access token: it did not pass the OidcFilter as a "
                + "signed-in user. Map the filter to this URL.");
    }

    static String attributeFor(String filterName) {
        return TOKENS_ATTRIBUTE + "." + filterName;
    }

    private static OfflineTokens lookup(ServletContext context, String attribute, String what) {
        Object tokens = context.getAttribute(attribute);
        if (tokens instanceof OfflineTokens found) {
            return found;
        }
        throw new IllegalStateException("The offline-token API is not available: " + what + " has not been "
                + "initialised in this web application (yet). Filters start after ServletContextListeners: in a "
                + "listener use OfflineAccess.lazyTokens(context), or look the API up when the task runs.");
    }

    /** Resolves the filter's API on each call. */
    private record LazyTokens(ServletContext context) implements OfflineTokens {
        private OfflineTokens target() {
            return tokens(context);
        }

        @Override
        public AccessToken accessToken(String user) {
            return target().accessToken(user);
        }

        @Override
        public AccessToken accessToken(GrantKey grant) {
            return target().accessToken(grant);
        }

        @Override
        public Optional<GrantInfo> find(String user) {
            return target().find(user);
        }

        @Override
        public List<GrantInfo> list(int first, int max) {
            return target().list(first, max);
        }

        @Override
        public long count() {
            return target().count();
        }

        @Override
        public void revoke(String user) {
            target().revoke(user);
        }

        @Override
        public boolean forget(String user) {
            return target().forget(user);
        }

        @Override
        public GrantInfo importToken(String user, String offlineToken) {
            return target().importToken(user, offlineToken);
        }
    }
}
