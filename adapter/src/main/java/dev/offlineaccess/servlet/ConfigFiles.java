package dev.offlineaccess.servlet;

import dev.offlineaccess.config.ConfigurationException;
import dev.offlineaccess.config.LoadedSettings;
import dev.offlineaccess.config.SettingsLoader;
import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and loads the filter's configuration file named by the {@code config-file} init-parameter:
 * {@code classpath:oidc.json} from the web application's class path; otherwise a web-application resource such as
 * {@code /WEB-INF/oidc.json}; otherwise, when the value is an absolute file-system path, that file. Stateless.
 */
final class ConfigFiles {
    static final String CLASSPATH = "classpath:";

    private ConfigFiles() {
    }

    /**
     * @param context  the web application
     * @param location the {@code config-file} value
     * @throws ConfigurationException the file is missing (the message says where it was looked for) or invalid
     * @throws IOException            it could not be read
     */
    static LoadedSettings load(ServletContext context, String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String name = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader()
                    : Thread.currentThread().getContextClassLoader();
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw missing(location, "on the web application's class path (e.g. WEB-INF/classes/" + name + ")");
                }
                return SettingsLoader.load(in, location);
            }
        }
        try (InputStream in = location.startsWith("/") ? context.getResourceAsStream(location) : null) {
            if (in != null) {
                return SettingsLoader.load(in, location);
            }
        }
        Path file = Path.of(location);
        if (file.isAbsolute() && Files.isRegularFile(file)) {
            return SettingsLoader.load(file);
        }
        throw missing(location, "as a web-application resource" + (file.isAbsolute() ? " nor as a file" : ""));
    }

    private static ConfigurationException missing(String location, String where) {
        return new ConfigurationException(OidcFilter.CONFIG_FILE, "the file " + location + " was not found " + where,
                "create it, or point the init-param " + OidcFilter.CONFIG_FILE + " at it: a web-application path "
                        + "such as " + OidcFilter.DEFAULT_CONFIG_FILE + ", classpath:oidc.json, or an absolute file "
                        + "path");
    }
}
