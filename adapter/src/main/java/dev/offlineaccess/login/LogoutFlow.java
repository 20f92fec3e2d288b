package dev.offlineaccess.login;

import dev.offlineaccess.logout.LogoutRequests;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.session.UserSession;

import java.util.Objects;

/**
 * The logout path: a GET shows a confirmation page whose form posts the session's CSRF token; a POST with that token
 * ends the local session and sends the browser to the provider's end-session endpoint (RP-initiated logout). A
 * stored offline grant is not touched. Thread-safe.
 */
final class LogoutFlow {
    private static final System.Logger LOG = System.getLogger(LogoutFlow.class.getName());

    private final FlowPaths paths;
    private final LogoutRequests requests;

    LogoutFlow(FlowPaths paths, LogoutRequests requests) {
        this.paths = Objects.requireNonNull(paths, "paths");
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    WebResult handle(WebRequest request) {
        UserSession user = request.user();
        String action = request.contextPath() + paths.logout();
        if (user == null) {
            return new WebResult.Page(200, PageKind.SIGNED_OUT, null, WebFlow.root(request), null,
                    SessionChange.NONE);
        }
        if (!"POST".equals(request.method())) {
            return new WebResult.Page(200, PageKind.LOGOUT_CONFIRM, null, action, user.csrfToken(),
                    SessionChange.NONE);
        }
        if (!LogoutRequests.csrfMatches(user.csrfToken(), request.formValue(WebFlow.CSRF_FIELD))) {
            LOG.log(System.Logger.Level.DEBUG, "Logout POST without a matching CSRF token refused");
            return new WebResult.Page(403, PageKind.LOGOUT_REJECTED, null, action, null, SessionChange.NONE);
        }
        try {
            String target = requests.afterLogout(user, request.origin(), request.contextPath()).toString();
            LOG.log(System.Logger.Level.DEBUG, "Logged out; offline grant kept: {0}", user.offline());
            return new WebResult.Redirect(target, SessionChange.ended());
        } catch (ProviderUnavailableException e) {
            LOG.log(System.Logger.Level.DEBUG, "Logged out locally; provider unavailable: {0}", e.getMessage());
            return new WebResult.Page(200, PageKind.SIGNED_OUT_LOCALLY, null, WebFlow.root(request), null,
                    SessionChange.ended());
        }
    }
}
