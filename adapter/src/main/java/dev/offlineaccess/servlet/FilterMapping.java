package dev.offlineaccess.servlet;

import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.login.FlowPaths;
import dev.offlineaccess.login.PathPattern;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the filter receives its callback and logout requests, derived from its own {@code <url-pattern>}s unless
 * configured: {@code /oidc-callback} and {@code /logout} when a pattern covers them (e.g. {@code /*}), else below
 * the first prefix pattern that is not an API path ({@code /secured/*} gives {@code /secured/oidc-callback} and
 * {@code /secured/logout}). A path no pattern of the filter covers could never reach it: that fails the start with
 * the {@code <url-pattern>} to add. The same holds for a configured {@code backchannel-logout-path}, which is never
 * derived (back-channel logout is off without it). Stateless.
 */
final class FilterMapping {
    static final String CALLBACK = "oidc-callback";
    static final String LOGOUT = "logout";

    private FilterMapping() {
    }

    /**
     * The callback and logout paths of a filter.
     *
     * @param filterName  the filter's name, for messages
     * @param urlPatterns the filter's URL patterns ({@code FilterRegistration.getUrlPatternMappings()})
     * @param settings    the configuration (configured paths win; bearer paths are never login paths)
     * @throws IllegalStateException naming what to add to {@code web.xml}
     */
    static FlowPaths paths(String filterName, Collection<String> urlPatterns, OidcSettings settings) {
        List<PathPattern> patterns = urlPatterns.stream().map(PathPattern::new).toList();
        List<PathPattern> apiPaths = settings.bearer().bearerPaths().stream().map(PathPattern::new).toList();
        String callback = path(filterName, "callback-path", settings.login().callbackPath(), CALLBACK, patterns,
                apiPaths);
        String logout = path(filterName, "logout-path", settings.logout().logoutPath(), LOGOUT, patterns, apiPaths);
        return new FlowPaths(callback, logout);
    }

    /**
     * The back-channel logout path of a filter, or {@code null} when back-channel logout is off.
     *
     * @throws IllegalStateException the configured path is outside the filter's mapping; names the pattern to add
     */
    static String backchannelPath(String filterName, Collection<String> urlPatterns, OidcSettings settings) {
        String configured = settings.logout().backchannelLogoutPath();
        if (configured == null) {
            return null;
        }
        return path(filterName, "backchannel-logout-path", configured, null,
                urlPatterns.stream().map(PathPattern::new).toList(), List.of());
    }

    private static String path(String filterName, String key, String configured, String name,
                               List<PathPattern> patterns, List<PathPattern> apiPaths) {
        String path = configured != null ? configured : derive(name, patterns, apiPaths).orElseThrow(
                () -> new IllegalStateException("OIDC filter '" + filterName + "' cannot derive its " + key
                        + " from its mapping " + patterns + ": no <url-pattern> of the filter covers /" + name
                        + " and none is a prefix pattern such as /secured/*. Add <url-pattern>/" + name
                        + "</url-pattern> to the filter's <filter-mapping> in web.xml, or set \"" + key
                        + "\" in the configuration to a path the mapping covers."));
        if (patterns.stream().noneMatch(pattern -> pattern.matches(path))) {
            throw new IllegalStateException("OIDC filter '" + filterName + "' would never see requests to its "
                    + key + " " + path + ": no <url-pattern> of the filter " + patterns + " matches it. Add <url-pattern>"
                    + path + "</url-pattern> to the filter's <filter-mapping> in web.xml.");
        }
        return path;
    }

    private static Optional<String> derive(String name, List<PathPattern> patterns, List<PathPattern> apiPaths) {
        String root = "/" + name;
        if (patterns.stream().anyMatch(pattern -> pattern.matches(root))) {
            return Optional.of(root);
        }
        return patterns.stream().filter(PathPattern::isPrefix)
                .map(pattern -> pattern.below(name))
                .filter(path -> apiPaths.stream().noneMatch(api -> api.matches(path)))
                .findFirst();
    }
}
