package dev.offlineaccess.servlet;

import dev.offlineaccess.login.LoginError;
import dev.offlineaccess.login.LoginFailure;
import dev.offlineaccess.login.WebResult;

/**
 * The adapter's own HTML pages: sign-in failures, the offline-access refusal, the "provider unavailable" page, the
 * "token store unavailable" page (a session could not be renewed), the "signed in, but offline access could not be
 * saved" notice, the logout confirmation (a form that posts the CSRF token) and the signed-out pages. Every value is
 * HTML-escaped; no page shows a code, token or state. Stateless.
 */
final class Pages {
    private static final String CSRF_FIELD = dev.offlineaccess.login.WebFlow.CSRF_FIELD;

    private Pages() {
    }

    /** The complete HTML document for a page result. */
    static String render(WebResult.Page page) {
        return switch (page.kind()) {
            case LOGIN_FAILED -> loginFailed(page.error(), page.link());
            case LOGOUT_CONFIRM -> document("Sign out?", "LOGOUT_CONFIRM",
                    "<p>Do you want to sign out?</p>\n<form method=\"post\" action=\"" + escape(page.link()) + "\">"
                            + "<input type=\"hidden\" name=\"" + CSRF_FIELD + "\" value=\""
                            + escape(page.csrfToken()) + "\">"
                            + "<button type=\"submit\" id=\"oidc-logout\">Sign out</button></form>");
            case LOGOUT_REJECTED -> document("Sign-out not confirmed", "LOGOUT_REJECTED",
                    "<p>This sign-out request did not come from this application's confirmation page, so you are "
                            + "still signed in.</p>\n" + link(page.link(), "Sign out"));
            case SIGNED_OUT -> document("Signed out", "SIGNED_OUT",
                    "<p>You are signed out.</p>\n" + link(page.link(), "Home"));
            case SIGNED_OUT_LOCALLY -> document("Signed out of this application", "SIGNED_OUT_LOCALLY",
                    "<p>You are signed out of this application. The identity provider could not be reached, so your"
                            + " session there may still be active: close the browser to end it.</p>\n"
                            + link(page.link(), "Home"));
            case OFFLINE_NOT_SAVED -> document("Signed in without offline access", "OFFLINE_NOT_SAVED",
                    "<p id=\"oidc-explanation\">You are signed in. Offline access could not be saved at the moment, so"
                            + " this application cannot act for you while you are away. Sign in with offline access"
                            + " again later to turn it on.</p>\n" + link(page.link(), "Continue"));
        };
    }

    private static String loginFailed(LoginError error, String retry) {
        LoginFailure failure = error.failure();
        String title = switch (failure) {
            case OFFLINE_REFUSED -> "Offline access not allowed";
            case ACCESS_DENIED -> "Sign-in cancelled";
            case HTTPS_REQUIRED -> "HTTPS required";
            case PROVIDER_UNAVAILABLE -> "Sign-in temporarily unavailable";
            case TOKEN_STORE_UNAVAILABLE -> "Temporarily unavailable";
            default -> "Sign-in failed";
        };
        StringBuilder body = new StringBuilder("<p id=\"oidc-explanation\">").append(escape(failure.explanation()))
                .append("</p>\n");
        if (failure == LoginFailure.OFFLINE_REFUSED) {
            body.append("<p>The application asked to keep working for you while you are away (offline access). Ask "
                    + "your administrator to allow it, or continue without it.</p>\n");
        }
        if (error.detail() != null) {
            body.append("<p class=\"detail\">Reason: <code>").append(escape(error.detail())).append("</code></p>\n");
        }
        String linkText = switch (failure) {
            case OFFLINE_REFUSED -> "Continue without offline access";
            case HTTPS_REQUIRED -> "Continue over https";
            case PROVIDER_UNAVAILABLE, TOKEN_STORE_UNAVAILABLE -> "Try again";
            default -> "Sign in again";
        };
        return document(title, failure.name(), body + link(retry, linkText));
    }

    private static String link(String href, String text) {
        return href == null ? "" : "<p><a id=\"oidc-link\" href=\"" + escape(href) + "\">" + escape(text) + "</a></p>";
    }

    private static String document(String title, String reason, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title>"
                + "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}"
                + ".detail{color:#666;font-size:.9em}</style></head>\n"
                + "<body><main id=\"oidc-page\" data-reason=\"" + escape(reason) + "\"><h1>" + escape(title)
                + "</h1>\n" + body + "</main></body></html>\n";
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
