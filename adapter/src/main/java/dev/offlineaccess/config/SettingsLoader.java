package dev.offlineaccess.config;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a JSON configuration file into validated {@link OidcSettings}. The file may use this adapter's keys, the
 * keys of the old Keycloak adapter's {@code keycloak.json} (a file downloaded from Keycloak's admin console works
 * unchanged), or both. Every string value may contain {@code ${env.NAME}} and {@code ${NAME:default}}
 * placeholders; the environment variables {@code OIDC_ISSUER}, {@code OIDC_CLIENT_ID}, {@code OIDC_CLIENT_SECRET},
 * {@code OFFLINE_DB_URL}, {@code OFFLINE_DB_USER}, {@code OFFLINE_DB_PASSWORD} and {@code OFFLINE_TOKEN_KEY} beat
 * the file. Every key, its default and the compatibility table are in {@code docs/configuration.md}.
 *
 * <p>An invalid value throws a {@link ConfigurationException} that names the key and the fix; problems that do
 * not stop the adapter (unknown keys, ignored {@code keycloak.json} keys, development mode) come back as
 * {@link LoadedSettings#warnings()} for the caller to log once. Neither ever contains a secret.
 *
 * <p>Stateless and thread-safe. No argument may be {@code null}; the lookup functions return {@code null} for an
 * unset variable.
 */
public final class SettingsLoader {
    static final int MAX_FILE_BYTES = 1024 * 1024;
    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_INTROSPECTION_CACHE_TTL = Duration.ofSeconds(30);
    private static final Duration MAX_TIME_SETTING = Duration.ofMinutes(10);
    static final int MAX_JWT_CACHE_SIZE = 1_000_000;

    private SettingsLoader() {
    }

    /** Loads a file, with the process environment and the system properties. */
    public static LoadedSettings load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        }
    }

    /** Loads from a stream, with the process environment and the system properties. */
    public static LoadedSettings load(InputStream json, String sourceName) throws IOException {
        return load(json, sourceName, System::getenv);
    }

    /** Loads from a stream, with the given environment and the system properties. */
    public static LoadedSettings load(InputStream json, String sourceName, Function<String, String> environment)
            throws IOException {
        return load(json, sourceName, environment, System::getProperty);
    }

    /**
     * Loads from a stream.
     *
     * @param json             the UTF-8 JSON document, one object; not closed
     * @param sourceName       where it came from, e.g. {@code WEB-INF/keycloak.json}, for messages
     * @param environment      environment variables, for placeholders and overrides
     * @param systemProperties system properties, for {@code ${NAME}} placeholders
     * @return the settings and the warnings
     * @throws ConfigurationException when the document is not valid JSON or a value is invalid
     * @throws IOException            when the stream cannot be read
     */
    public static LoadedSettings load(InputStream json, String sourceName, Function<String, String> environment,
                                      Function<String, String> systemProperties) throws IOException {
        Objects.requireNonNull(json, "json");
        String text = read(json, sourceName);
        Map<String, Object> document = parse(text, sourceName);
        LoadContext context = new LoadContext(sourceName, environment);
        PlaceholderResolver placeholders = new PlaceholderResolver(environment, systemProperties);
        ConfigObject root = new ConfigObject("", document, placeholders);
        OidcSettings settings = build(root, context, placeholders);
        reportUnread(root, context);
        return new LoadedSettings(settings, context.warnings());
    }

    private static OidcSettings build(ConfigObject root, LoadContext context, PlaceholderResolver placeholders) {
        String sslRequired = root.string("ssl-required")
                .map(v -> Values.oneOf("ssl-required", v, List.of("external", "all", "none"))).orElse("external");
        boolean bearerOnly = root.bool("bearer-only").orElse(false);
        ClientSettings client = ClientReader.read(root, context, sslRequired, bearerOnly);
        LoginSettings login = LoginReader.read(root, context, client, sslRequired);
        LogoutSettings logout = logout(root, login.callbackPath());
        BearerSettings bearer = bearer(root, bearerOnly);
        HttpSettings http = http(root);
        StoreSettings store = StoreReader.read(root, context, placeholders);
        return new OidcSettings(client, login, logout, bearer, http, store);
    }

    private static String read(InputStream json, String sourceName) throws IOException {
        byte[] bytes = json.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ConfigurationException(sourceName, "is larger than 1 MiB", "point the adapter at its JSON"
                    + " configuration file");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Map<String, Object> parse(String text, String sourceName) {
        if (text.isBlank()) {
            throw new ConfigurationException(sourceName, "is empty", "write one JSON object, e.g. {\"issuer\":"
                    + " \"https://login.example.com/realms/demo\", \"client-id\": \"my-app\"}");
        }
        try {
            return JSONObjectUtils.parseKeepingOrder(text);
        } catch (ParseException e) {
            // The parser's own message may quote the offending token, which could be a secret: show the place only.
            String where = e.getCause() instanceof net.minidev.json.parser.ParseException cause
                    ? " near " + lineAndColumn(text, cause.getPosition()) : "";
            throw new ConfigurationException(sourceName, "is not a valid JSON object" + where,
                    "check quotes, commas and braces there; the file must be one JSON object { ... }");
        }
    }

    static String lineAndColumn(String text, int position) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }

    private static LogoutSettings logout(ConfigObject root, String callbackPath) {
        String logoutPath = root.string("logout-path").map(p -> Values.contextPath("logout-path", p)).orElse(null);
        String redirect = root.string("post-logout-redirect").map(SettingsLoader::postLogoutRedirect).orElse(null);
        String backchannel = root.string("backchannel-logout-path")
                .map(p -> Values.contextPath("backchannel-logout-path", p)).orElse(null);
        Set<String> paths = new HashSet<>();
        for (String[] path : new String[][] {{"callback-path", callbackPath}, {"logout-path", logoutPath},
                {"backchannel-logout-path", backchannel}}) {
            if (path[1] != null && !paths.add(path[1])) {
                throw new ConfigurationException(path[0], "'" + path[1] + "' is also used by another endpoint",
                        "give callback-path, logout-path and backchannel-logout-path different paths");
            }
        }
        return new LogoutSettings(logoutPath, redirect, backchannel);
    }

    private static String postLogoutRedirect(String value) {
        if (value.startsWith("/")) {
            return Values.contextPath("post-logout-redirect", value);
        }
        Values.httpUrl("post-logout-redirect", value);
        return value;
    }

    private static BearerSettings bearer(ConfigObject root, boolean bearerOnly) {
        List<String> paths = root.list("bearer-paths").orElse(List.of());
        for (String path : paths) {
            String plain = path.endsWith("/*") ? path.substring(0, path.length() - 1) : path;
            if (plain.contains("*")) {
                throw new ConfigurationException("bearer-paths", "'" + path + "' has a '*' that is not a final"
                        + " '/*'", "write an exact path (/api/status) or a prefix (/api/*)");
            }
            Values.contextPath("bearer-paths", plain);
        }
        String audience = root.string("audience").orElse(null);
        Duration ttl = root.duration("introspection-cache-ttl").orElse(DEFAULT_INTROSPECTION_CACHE_TTL);
        Values.atMost("introspection-cache-ttl", ttl, MAX_TIME_SETTING, "10 minutes");
        return new BearerSettings(bearerOnly, paths, audience, ttl, jwtCacheSize(root));
    }

    private static int jwtCacheSize(ConfigObject root) {
        long value = root.integer("jwt-cache-size").orElse((long) BearerSettings.DEFAULT_JWT_CACHE_SIZE);
        if (value < 0 || value > MAX_JWT_CACHE_SIZE) {
            throw new ConfigurationException("jwt-cache-size", "must be between 0 and " + MAX_JWT_CACHE_SIZE
                    + ", got " + value, "use the default " + BearerSettings.DEFAULT_JWT_CACHE_SIZE
                    + ", or 0 to verify every bearer JWT in full");
        }
        return (int) value;
    }

    private static HttpSettings http(ConfigObject root) {
        Duration connect = timeout(root, "connect-timeout", "connection-timeout-millis", DEFAULT_CONNECT_TIMEOUT);
        Duration read = timeout(root, "read-timeout", "socket-timeout-millis", DEFAULT_READ_TIMEOUT);
        Duration skew = root.duration("clock-skew").orElse(DEFAULT_CLOCK_SKEW);
        Values.atMost("clock-skew", skew, MAX_TIME_SETTING, "10 minutes");
        return new HttpSettings(connect, read, skew);
    }

    /** A timeout, or its {@code keycloak.json} alias in milliseconds (where -1 means "not set"). */
    private static Duration timeout(ConfigObject root, String key, String millisKey, Duration fallback) {
        Optional<Duration> millis = root.integer(millisKey).filter(m -> m > 0).map(Duration::ofMillis);
        Duration value = Setting.either(key, root.duration(key), millisKey, millis, false)
                .map(Setting::value).orElse(fallback);
        Values.positive(key, value);
        return Values.atMost(key, value, MAX_TIME_SETTING, "10 minutes");
    }

    private static void reportUnread(ConfigObject root, LoadContext context) {
        List<String> ignored = new ArrayList<>();
        for (String key : root.unread()) {
            if (Keys.KEYCLOAK_IGNORED.contains(key)) {
                ignored.add(key);
            } else {
                context.warn("unknown-key", unknownKeyMessage(key, topLevelSuggestion(key)));
            }
        }
        if (!ignored.isEmpty()) {
            String note = ignored.contains("policy-enforcer") ? " Note: policy-enforcer rules (Keycloak"
                    + " Authorization Services) are NOT enforced; protect resources with roles instead." : "";
            context.warn("keycloak-keys-ignored", "these keycloak.json keys have no effect with this adapter and"
                    + " are ignored: " + String.join(", ", ignored) + "." + note
                    + " See docs/configuration.md, keycloak.json compatibility.");
        }
        context.tracked().forEach((object, known) -> {
            for (String key : object.unread()) {
                context.warn("unknown-key", unknownKeyMessage(object.key(key),
                        KeySuggestions.closest(key, known).map(object::key)));
            }
        });
    }

    private static Optional<String> topLevelSuggestion(String key) {
        Set<String> known = new HashSet<>(Keys.GENERIC);
        known.addAll(Keys.KEYCLOAK_MAPPED);
        known.addAll(Keys.KEYCLOAK_IGNORED);
        Optional<String> suggestion = KeySuggestions.closest(key, known);
        if (suggestion.isPresent()) {
            return suggestion;
        }
        String normalized = KeySuggestions.normalize(key);
        String withoutPrefix = normalized.startsWith("store-") || normalized.startsWith("store.")
                ? normalized.substring("store-".length()) : normalized;
        return KeySuggestions.closest(withoutPrefix, Keys.STORE).map(k -> "store." + k);
    }

    private static String unknownKeyMessage(String key, Optional<String> suggestion) {
        return "unknown key '" + key + "' is ignored" + suggestion.map(s -> "; did you mean '" + s + "'?")
                .orElse("; see docs/configuration.md for the valid keys");
    }
}
