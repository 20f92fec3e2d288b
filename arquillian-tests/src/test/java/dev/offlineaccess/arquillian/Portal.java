package dev.offlineaccess.arquillian;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Objects;

/**
 * Where a deployed portal answers, as a browser must address it: {@code http://localhost:<port>/customer-portal/}.
 * Arquillian reports the bind address {@code 127.0.0.1}; HtmlUnit sends Keycloak's {@code Secure} cookies over
 * plain http to {@code localhost} only, so the whole sign-in must run on that name. Immutable.
 *
 * @param base the base URL, ending in {@code /}
 */
record Portal(URI base) {
    Portal {
        Objects.requireNonNull(base, "base");
        if (!base.getPath().endsWith("/")) {
            throw new IllegalArgumentException("the base URL must end with /: " + base);
        }
    }

    /** The portal Arquillian deployed at {@code deployed} (any host), addressed through {@code localhost}. */
    static Portal at(URL deployed) {
        String path = deployed.getPath().endsWith("/") ? deployed.getPath() : deployed.getPath() + "/";
        return new Portal(URI.create("http://localhost:" + deployed.getPort() + path));
    }

    /** The portal on the same Jetty as {@code sibling}, at {@code /customer-portal/}. */
    static Portal besides(URL sibling) {
        return new Portal(URI.create("http://localhost:" + sibling.getPort() + "/customer-portal/"));
    }

    /** An absolute URL of a page, e.g. {@code url("admin/backups")}. */
    URL url(String relative) {
        try {
            return base.resolve(relative).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(relative, e);
        }
    }

    /** The context path and page, as a browser's address bar shows it, e.g. {@code /customer-portal/offline}. */
    String path(String relative) {
        return base.resolve(relative).getPath();
    }

    int port() {
        return base.getPort();
    }
}
