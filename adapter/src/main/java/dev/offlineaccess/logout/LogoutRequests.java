package dev.offlineaccess.logout;

import dev.offlineaccess.provider.ProviderMisconfiguredException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.session.ProviderCalls;
import dev.offlineaccess.session.UserSession;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the URL that ends the user's session at the provider,
 * with {@code id_token_hint}, a same-origin {@code post_logout_redirect_uri} and a fresh {@code state}. Only the ID
 * token is sent: the stored offline token is never sent to the provider's logout endpoint (that would revoke it), so
 * an offline grant survives logout. Thread-safe.
 */
public final class LogoutRequests {
    private static final System.Logger LOG = System.getLogger(LogoutRequests.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProviderCalls provider;
    private final String postLogoutRedirect;

    /**
     * @param provider           the provider calls
     * @param postLogoutRedirect the configured post-logout location: a context-relative path, a same-origin
     *                           absolute URL, or {@code null} for the context root
     */
    public LogoutRequests(ProviderCalls provider, String postLogoutRedirect) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.postLogoutRedirect = postLogoutRedirect;
    }

    /**
     * Where to send the browser once the local session has ended: the provider's end-session endpoint, or straight
     * to the post-logout location when the provider has none.
     *
     * @param user        the session that ended
     * @param origin      this application's origin as the browser sees it, e.g. {@code https://app.example}
     * @param contextPath the web application's context path ({@code ""} for the root)
     * @throws ProviderUnavailableException discovery is not possible now; the provider session stays
     */
    public URI afterLogout(UserSession user, URI origin, String contextPath) throws ProviderUnavailableException {
        URI back = postLogoutRedirect(origin, contextPath);
        try {
            return provider.endSessionUri(user.idToken(), back, randomState()).orElse(back);
        } catch (ProviderMisconfiguredException e) {
            throw new ProviderUnavailableException("provider misconfigured: " + e.problem(), e);
        }
    }

    /**
     * The configured post-logout location as an absolute URL on {@code origin}. A configured absolute URL on another
     * origin is not used (the context root is, with a warning): logout never redirects off-site.
     */
    public URI postLogoutRedirect(URI origin, String contextPath) {
        URI root = origin.resolve(contextPath + "/");
        if (postLogoutRedirect == null || postLogoutRedirect.isBlank()) {
            return root;
        }
        if (postLogoutRedirect.startsWith("/") && !postLogoutRedirect.startsWith("//")) {
            return origin.resolve(contextPath + postLogoutRedirect);
        }
        URI configured = URI.create(postLogoutRedirect);
        if (sameOrigin(configured, origin)) {
            return configured;
        }
        LOG.log(System.Logger.Level.WARNING, "OIDC-LOGOUT-001 post-logout-redirect is not on this application''s "
                + "origin {0}; using the context root instead", origin);
        return root;
    }

    /** Whether a presented CSRF token equals the expected one (constant time); {@code false} when either is null. */
    public static boolean csrfMatches(String expected, String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getHost() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String randomState() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
