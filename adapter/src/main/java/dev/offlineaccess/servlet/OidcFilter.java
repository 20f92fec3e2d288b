package dev.offlineaccess.servlet;

import dev.offlineaccess.config.LoadedSettings;
import dev.offlineaccess.login.FlowPaths;
import dev.offlineaccess.login.LoginError;
import dev.offlineaccess.login.LoginFailure;
import dev.offlineaccess.login.PageKind;
import dev.offlineaccess.login.SessionChange;
import dev.offlineaccess.login.TransportPolicy;
import dev.offlineaccess.login.WebResult;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * Signs users in with OpenID Connect (authorization-code flow with PKCE), keeps their session's tokens fresh,
 * authenticates API requests by bearer token, and logs users out — for every URL it is mapped to in
 * {@code web.xml}. Behind it the application sees {@code getUserPrincipal()}, {@code getRemoteUser()},
 * {@code isUserInRole()} and the request attribute {@value dev.offlineaccess.session.OidcIdentity#ATTRIBUTE}.
 *
 * <p>Init-parameters:
 * <ul>
 *   <li>{@value #CONFIG_FILE} (default {@value #DEFAULT_CONFIG_FILE}): the JSON configuration — a web-application
 *   path, {@code classpath:name.json}, or an absolute file path.</li>
 * </ul>
 * The callback and logout paths default to {@code oidc-callback} and {@code logout} under the filter's own
 * mapping ({@code /secured/*} gives {@code /secured/oidc-callback}); a path the mapping cannot receive fails
 * {@link #init} with the {@code <url-pattern>} to add. With {@code backchannel-logout-path} configured (and covered by
 * the mapping), the filter answers the provider's back-channel logout there ({@link BackchannelEndpoint}) and
 * treats every session the provider ended as signed out. The offline-token API is published as the context attributes
 * {@code dev.offlineaccess.tokens.OfflineTokens} and {@code dev.offlineaccess.tokens.OfflineTokens.<filter-name>};
 * see {@link OfflineAccess}. A provider that is down at start does not fail the deployment: users get a 503 page
 * until it is back. Thread-safe, as the container requires; see {@code docs/filter.md}.
 */
public final class OidcFilter implements Filter {
    /** The init-parameter naming the configuration file. */
    public static final String CONFIG_FILE = "config-file";
    /** Its default. */
    public static final String DEFAULT_CONFIG_FILE = "/WEB-INF/oidc.json";

    private static final System.Logger LOG = System.getLogger(OidcFilter.class.getName());

    private final Clock clock;
    private final SessionState sessions = new SessionState();
    private AdapterRuntime runtime;
    private TransportPolicy transport;
    private ServletContext context;
    private String name;

    public OidcFilter() {
        this(Clock.systemUTC());
    }

    /** For tests: a filter on another clock. */
    OidcFilter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        context = config.getServletContext();
        name = config.getFilterName();
        String location = config.getInitParameter(CONFIG_FILE);
        try {
            LoadedSettings loaded = ConfigFiles.load(context,
                    location == null || location.isBlank() ? DEFAULT_CONFIG_FILE : location.strip());
            loaded.warnings().forEach(warning -> LOG.log(System.Logger.Level.WARNING, warning));
            FilterRegistration registration = context.getFilterRegistration(name);
            Collection<String> patterns = registration == null ? List.of() : registration.getUrlPatternMappings();
            FlowPaths paths = FilterMapping.paths(name, patterns, loaded.settings());
            String backchannelPath = FilterMapping.backchannelPath(name, patterns, loaded.settings());
            runtime = AdapterRuntime.start(loaded.settings(), paths, backchannelPath, clock);
            transport = TransportPolicy.of(loaded.settings().login().sslRequired());
        } catch (IOException | RuntimeException e) {
            throw new ServletException("OIDC filter '" + name + "' cannot start: " + e.getMessage(), e);
        }
        hardenSessionCookie();
        context.setAttribute(OfflineAccess.attributeFor(name), runtime.tokens());
        if (context.getAttribute(OfflineAccess.TOKENS_ATTRIBUTE) == null) {
            context.setAttribute(OfflineAccess.TOKENS_ATTRIBUTE, runtime.tokens());
        }
        if (runtime.endings().isOn() && context.getAttribute(OfflineAccess.ENDINGS_ATTRIBUTE) == null) {
            context.setAttribute(OfflineAccess.ENDINGS_ATTRIBUTE, runtime.endings());
        }
    }

    /**
     * Marks the session cookie {@code HttpOnly} and, unless the application chose a {@code SameSite} value, gives it
     * {@code SameSite=Lax} (which keeps the provider's redirect back to the callback, a top-level GET, working), when
     * the container still allows it at this point; {@code web.xml}'s {@code <cookie-config>} does it everywhere.
     * {@code Secure} follows the request in Jetty. Both are set as cookie attributes rather than through
     * {@code setHttpOnly}: Jetty 12 copies the attributes of cookies for https requests when it starts and refreshes
     * that copy only for attribute changes, so {@code setHttpOnly(true)} in a filter's {@code init} would be lost on
     * https.
     */
    private void hardenSessionCookie() {
        try {
            SessionCookieConfig cookie = context.getSessionCookieConfig();
            if (!cookie.isHttpOnly()) {
                cookie.setAttribute("HttpOnly", "true");
            }
            if (cookie.getAttribute("SameSite") == null) {
                cookie.setAttribute("SameSite", "Lax");
            }
        } catch (IllegalStateException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "Session cookie left as configured: {0}", e.toString());
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (!transport.allows(request.isSecure(), request.getRemoteAddr())) {
            ResponseWriter.page(response, httpsRequired(request));
            return;
        }
        BackchannelEndpoint backchannel = runtime.backchannel();
        if (backchannel != null && backchannel.covers(RequestReader.pathWithinContext(request))) {
            backchannel.serve(request, response);
            return;
        }
        WebResult result = decide(request);
        if (result instanceof WebResult.Proceed proceed) {
            chain.doFilter(new AuthenticatedRequest(request, proceed.identity(), proceed.authType()), response);
        } else if (result instanceof WebResult.Redirect redirect) {
            ResponseWriter.redirect(response, redirect);
        } else if (result instanceof WebResult.Page page) {
            ResponseWriter.page(response, page);
        } else {
            ResponseWriter.challenge(response, (WebResult.Challenge) result);
        }
    }

    /** Asks the core and applies the session change, one request per HTTP session at a time. */
    private WebResult decide(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        WebResult result;
        if (session == null) {
            result = decide(request, null);
        } else {
            synchronized (sessions.lockFor(session)) {
                result = decide(request, session);
            }
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {   // no argument array on every request when off
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2}", request.getMethod(), request.getRequestURI(), result);
        }
        return result;
    }

    private WebResult decide(HttpServletRequest request, HttpSession session) {
        WebResult result = runtime.flow().handle(RequestReader.read(request, runtime.flow().paths().logout(),
                SessionState.user(session), SessionState.pending(session)));
        SessionState.apply(result.session(), request);
        return result;
    }

    /** The page for a plain-http request where {@code ssl-required} asks for https, linking to the https URL. */
    private static WebResult.Page httpsRequired(HttpServletRequest request) {
        String query = request.getQueryString();
        String https = "https://" + request.getServerName() + request.getRequestURI() + (query == null ? "" : "?" + query);
        return new WebResult.Page(LoginFailure.HTTPS_REQUIRED.status(), PageKind.LOGIN_FAILED,
                LoginError.of(LoginFailure.HTTPS_REQUIRED), https, null, SessionChange.NONE);
    }

    @Override
    public void destroy() {
        if (runtime == null) {
            return;
        }
        if (context.getAttribute(OfflineAccess.TOKENS_ATTRIBUTE) == runtime.tokens()) {
            context.removeAttribute(OfflineAccess.TOKENS_ATTRIBUTE);
        }
        context.removeAttribute(OfflineAccess.attributeFor(name));
        if (context.getAttribute(OfflineAccess.ENDINGS_ATTRIBUTE) == runtime.endings()) {
            context.removeAttribute(OfflineAccess.ENDINGS_ATTRIBUTE);
        }
        runtime.close();
        runtime = null;
    }
}
