package dev.offlineaccess.login;

import dev.offlineaccess.session.OidcIdentity;

import java.time.Duration;
import java.util.Objects;

/** What the filter does with a request, decided by {@link WebFlow}. Each carries the session change to apply. */
public sealed interface WebResult {

    /** What to do with the HTTP session before answering. */
    SessionChange session();

    /**
     * Let the request through to the application as {@code identity}.
     *
     * @param identity who the request is from
     * @param authType what {@code getAuthType()} reports: {@code OIDC} or {@code BEARER}
     * @param session  the session change
     */
    record Proceed(OidcIdentity identity, String authType, SessionChange session) implements WebResult {
        public Proceed {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(authType, "authType");
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * Send the browser elsewhere ({@code 302}).
     *
     * @param location an absolute URL, or a local path starting with one {@code /}
     * @param session  the session change
     */
    record Redirect(String location, SessionChange session) implements WebResult {
        public Redirect {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(session, "session");
        }

        /** Without the query: an authorization request's carries {@code state} and {@code nonce}. */
        @Override
        public String toString() {
            int query = location.indexOf('?');
            return "Redirect[" + (query < 0 ? location : location.substring(0, query)) + "]";
        }
    }

    /**
     * Show one of the adapter's pages.
     *
     * @param status    the HTTP status
     * @param kind      which page
     * @param error     for {@link PageKind#LOGIN_FAILED}, why; else {@code null}
     * @param link      a local path the page links to or posts to (retry, logout form), or {@code null}
     * @param csrfToken for {@link PageKind#LOGOUT_CONFIRM}, the token the form posts; else {@code null}
     * @param session   the session change
     */
    record Page(int status, PageKind kind, LoginError error, String link, String csrfToken, SessionChange session)
            implements WebResult {
        public Page {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String toString() {
            return "Page[" + status + " " + kind + (error == null ? "" : " " + error) + "]";
        }
    }

    /**
     * Answer an API client with a status and a small JSON error instead of a page or redirect.
     *
     * @param status          401 or 503
     * @param wwwAuthenticate the {@code WWW-Authenticate} header, or {@code null}
     * @param error           the JSON {@code error} member
     * @param description     the JSON {@code error_description} member, or {@code null}
     * @param retryAfter      the {@code Retry-After} for a 503, else {@code null}
     * @param session         the session change
     */
    record Challenge(int status, String wwwAuthenticate, String error, String description, Duration retryAfter,
                     SessionChange session) implements WebResult {
        public Challenge {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(session, "session");
        }
    }
}
