package dev.offlineaccess.login;

import java.util.Objects;

/**
 * A servlet URL pattern ({@code /exact}, {@code /prefix/*}, {@code /*}, {@code *.ext}, {@code /} or {@code ""}) and
 * whether it matches a context-relative path, as the Servlet specification defines it for filter mappings.
 * Immutable.
 *
 * @param pattern the pattern as written in {@code web.xml}
 */
public record PathPattern(String pattern) {
    public PathPattern {
        Objects.requireNonNull(pattern, "pattern");
    }

    /** Whether a request to {@code path} (context-relative, starting with {@code /}) passes this pattern. */
    public boolean matches(String path) {
        if (pattern.equals("/*") || pattern.equals("/")) {
            return true;
        }
        if (pattern.isEmpty()) {
            return path.equals("/") || path.isEmpty();
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        if (pattern.startsWith("*.")) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            return last.endsWith(pattern.substring(1));
        }
        return pattern.equals(path);
    }

    /** A prefix pattern such as {@code /secured/*} or {@code /*}. */
    public boolean isPrefix() {
        return pattern.startsWith("/") && pattern.endsWith("/*");
    }

    /** For a prefix pattern, the path of {@code name} below it: {@code /secured/*} and {@code logout} give
     * {@code /secured/logout}. */
    public String below(String name) {
        if (!isPrefix()) {
            throw new IllegalStateException("not a prefix pattern: " + pattern);
        }
        return pattern.substring(0, pattern.length() - 1) + name;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
