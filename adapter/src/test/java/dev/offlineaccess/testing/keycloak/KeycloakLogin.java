package dev.offlineaccess.testing.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Objects;
import java.util.Optional;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

/**
 * Drives Keycloak's login page (theme {@code keycloak.v2}) with HtmlUnit: the form {@code #kc-form-login}
 * with the fields {@code username} and {@code password} and the button {@code #kc-login}.
 *
 * <p>Use {@code http://localhost:<port>} URLs, not {@code 127.0.0.1}: Keycloak's cookies are {@code Secure}
 * and HtmlUnit only sends those over plain http to localhost.
 *
 * <p>Stateless; the pages and web clients it is given are not thread-safe. Arguments must not be null.
 */
public final class KeycloakLogin {

    /** Keycloak's feedback for a wrong user name or password. */
    public static final String INVALID_CREDENTIALS = "Invalid username or password.";

    private static final String FORM_ID = "kc-form-login";
    private static final String BUTTON_ID = "kc-login";

    private KeycloakLogin() {
    }

    /** A web client fit for Keycloak's login pages: JavaScript and CSS off, redirects followed, no exceptions on 4xx. */
    public static WebClient newWebClient() {
        WebClient client = new WebClient(BrowserVersion.FIREFOX);
        client.getOptions().setJavaScriptEnabled(false);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(true);
        client.getOptions().setTimeout(30_000);
        return client;
    }

    /** Whether {@code page} is Keycloak's username/password form. */
    public static boolean isLoginPage(Page page) {
        return page instanceof HtmlPage html && html.getElementById(FORM_ID) != null;
    }

    /**
     * Fills in and submits the login form and returns whatever page follows (after redirects: usually the
     * application's callback). Does not judge the outcome; see {@link #signIn} and {@link #feedback}.
     *
     * @throws IllegalArgumentException if {@code page} is not the login form
     */
    public static Page submit(Page page, String username, String password) {
        HtmlPage html = requireLoginPage(page);
        HtmlForm form = (HtmlForm) html.getElementById(FORM_ID);
        HtmlInput user = form.getInputByName("username");
        HtmlInput secret = form.getInputByName("password");
        user.setValue(username);
        secret.setValue(password);
        DomElement button = html.getElementById(BUTTON_ID);
        if (!(button instanceof HtmlElement clickable)) {
            throw new IllegalArgumentException("the login form has no #" + BUTTON_ID + " button: " + describe(page));
        }
        try {
            return clickable.click();
        } catch (IOException e) {
            throw new UncheckedIOException("submitting Keycloak's login form failed", e);
        }
    }

    /**
     * Signs in and returns the page after the login form.
     *
     * @throws LoginRejectedException if Keycloak shows its login form again with an error such as
     *     {@value #INVALID_CREDENTIALS}
     */
    public static Page signIn(Page loginPage, String username, String password) {
        Page next = submit(loginPage, username, password);
        Optional<String> feedback = feedback(next);
        if (isLoginPage(next) && feedback.isPresent()) {
            throw new LoginRejectedException(username, feedback.get());
        }
        return next;
    }

    /**
     * The error or warning Keycloak shows on {@code page}, e.g. {@value #INVALID_CREDENTIALS}; empty when the
     * page is not a Keycloak page with feedback.
     */
    public static Optional<String> feedback(Page page) {
        if (!(page instanceof HtmlPage html)) {
            return Optional.empty();
        }
        for (String selector : new String[] {".kc-feedback-text", ".pf-v5-c-alert__title", "#input-error"}) {
            for (DomNode node : html.querySelectorAll(selector)) {
                String text = node.getTextContent().strip();
                if (!text.isEmpty()) {
                    return Optional.of(text);
                }
            }
        }
        return Optional.empty();
    }

    private static HtmlPage requireLoginPage(Page page) {
        Objects.requireNonNull(page, "page");
        if (!isLoginPage(page)) {
            throw new IllegalArgumentException("not Keycloak's login form: " + describe(page));
        }
        return (HtmlPage) page;
    }

    private static String describe(Page page) {
        String title = page instanceof HtmlPage html ? " titled '" + html.getTitleText() + "'" : "";
        URL url = page.getUrl();
        // the path only: a query may carry an authorization code
        return page.getWebResponse().getStatusCode() + " " + url.getProtocol() + "://" + url.getAuthority()
                + url.getPath() + title;
    }

    /** Keycloak refused the credentials and showed the login form again. */
    public static final class LoginRejectedException extends RuntimeException {

        private final String feedback;

        LoginRejectedException(String username, String feedback) {
            super("Keycloak did not sign in " + username + ": " + feedback);
            this.feedback = feedback;
        }

        /** The message Keycloak showed, e.g. {@value KeycloakLogin#INVALID_CREDENTIALS}. */
        public String feedback() {
            return feedback;
        }
    }
}
