package dev.offlineaccess.config;

import dev.offlineaccess.config.StoreSettings.EncryptionKeySetting;
import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code store} object: the token database, the encryption keys and the keep-alive scheduler, with the
 * {@code OFFLINE_*} environment overrides. Stateless.
 */
final class StoreReader {
    static final String ENV_DB_URL = "OFFLINE_DB_URL";
    static final String ENV_DB_USER = "OFFLINE_DB_USER";
    static final String ENV_DB_PASSWORD = "OFFLINE_DB_PASSWORD";
    static final String ENV_TOKEN_KEY = "OFFLINE_TOKEN_KEY";
    /** The id of the key given by {@code OFFLINE_TOKEN_KEY}. */
    static final String ENV_KEY_ID = "env";
    /** The id of the key given by the single {@code store.encryption-key}. */
    static final String SINGLE_KEY_ID = "k1";
    static final String DEFAULT_H2_FILE = "data/offline-tokens";
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofDays(30);
    static final double DEFAULT_FRACTION = 2.0 / 3.0;
    static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final String NO_KEY_FIX = "set the environment variable " + ENV_TOKEN_KEY + " to the output of"
            + " `openssl rand -base64 32`, or configure store.encryption-keys, or set \"store\": {"
            + "\"development-mode\": true} for development only";

    private StoreReader() {
    }

    static StoreSettings read(ConfigObject root, LoadContext context, PlaceholderResolver placeholders) {
        ConfigObject store = root.object("store").orElseGet(() -> new ConfigObject("store", Map.of(), placeholders));
        context.track(store, Keys.STORE);
        Optional<Setting<String>> jdbcUrl = Setting.overridden(context, ENV_DB_URL,
                Setting.of(store.key("jdbc-url"), store.string("jdbc-url")));
        jdbcUrl.filter(url -> !url.value().startsWith("jdbc:")).ifPresent(url -> {
            throw new ConfigurationException(url.key(), "is not a JDBC URL", "write a URL that starts with"
                    + " jdbc:, e.g. jdbc:postgresql://db.example.com:5432/app");
        });
        Optional<Setting<String>> user = Setting.overridden(context, ENV_DB_USER,
                Setting.of(store.key("user"), store.string("user")));
        Optional<Secret> filePassword = store.secret("password");
        Secret password = context.override(ENV_DB_PASSWORD).map(Secret::new).or(() -> filePassword).orElse(null);
        Optional<String> h2Setting = store.string("h2-file");
        if (jdbcUrl.isPresent() && h2Setting.isPresent()) {
            context.warn("h2-file-unused", "store.h2-file is not used because a JDBC URL is configured ("
                    + jdbcUrl.get().key() + ")");
        }
        Path h2File = h2File(store.key("h2-file"), h2Setting.orElse(DEFAULT_H2_FILE));
        List<EncryptionKeySetting> keys = keys(store, context);
        boolean developmentMode = store.bool("development-mode").orElse(false);
        Path devKeyFile = store.string("dev-key-file").map(f -> path(store.key("dev-key-file"), f))
                .orElseGet(() -> h2File.resolveSibling(h2File.getFileName() + ".dev-key"));
        if (keys.isEmpty()) {
            if (!developmentMode) {
                throw new ConfigurationException(store.key("encryption-keys"), "no key to encrypt offline tokens"
                        + " with is configured", NO_KEY_FIX);
            }
            context.warn("development-mode", "store.development-mode is on and no encryption key is configured:"
                    + " offline tokens are encrypted with a generated key kept in " + devKeyFile
                    + "; never use this in production (" + NO_KEY_FIX.replace("`", "") + ")");
        }
        KeepAliveSettings keepAlive = keepAlive(store, context, placeholders);
        return new StoreSettings(jdbcUrl.map(Setting::value).orElse(null), user.map(Setting::value).orElse(null),
                password, h2File, keys, developmentMode, devKeyFile, keepAlive);
    }

    private static Path h2File(String key, String value) {
        String file = value.endsWith(".mv.db") ? value.substring(0, value.length() - ".mv.db".length()) : value;
        return path(key, file);
    }

    private static Path path(String key, String value) {
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigurationException(key, "'" + value + "' is not a valid file path",
                    "give a file path such as data/offline-tokens");
        }
    }

    private static List<EncryptionKeySetting> keys(ConfigObject store, LoadContext context) {
        List<EncryptionKeySetting> keys = new ArrayList<>();
        context.override(ENV_TOKEN_KEY).ifPresent(k -> keys.add(key(ENV_TOKEN_KEY, ENV_KEY_ID, new Secret(k))));
        Optional<List<ConfigObject>> list = store.objects("encryption-keys");
        Optional<Secret> single = store.secret("encryption-key");
        if (list.isPresent() && single.isPresent()) {
            throw new ConfigurationException(store.key("encryption-key"), "is set together with"
                    + " store.encryption-keys", "keep only store.encryption-keys, with this key as {\"id\": \""
                    + SINGLE_KEY_ID + "\", \"key\": ...} at the position it had");
        }
        single.ifPresent(k -> keys.add(key(store.key("encryption-key"), SINGLE_KEY_ID, k)));
        for (ConfigObject item : list.orElse(List.of())) {
            context.track(item, Keys.ENCRYPTION_KEY);
            String id = Values.required(item.string("id"), item.key("id"), "give every key a short, stable id"
                    + " such as \"k1\"");
            Secret key = Values.required(item.secret("key"), item.key("key"), "set it to the output of"
                    + " `openssl rand -base64 32`");
            if (!KEY_ID.matcher(id).matches()) {
                throw new ConfigurationException(item.key("id"), "'" + id + "' is not a short key id",
                        "use 1 to 32 letters, digits, '.', '_' or '-', e.g. k1");
            }
            if (id.equals(ENV_KEY_ID)) {
                throw new ConfigurationException(item.key("id"), "'" + ENV_KEY_ID + "' is reserved for the key"
                        + " given by " + ENV_TOKEN_KEY, "choose another id, e.g. k2");
            }
            keys.add(key(item.key("key"), id, key));
        }
        Set<String> ids = new HashSet<>();
        for (EncryptionKeySetting k : keys) {
            if (!ids.add(k.id())) {
                throw new ConfigurationException(store.key("encryption-keys"), "has the id '" + k.id()
                        + "' twice", "give every key its own id; never reuse the id of a retired key");
            }
        }
        return keys;
    }

    private static EncryptionKeySetting key(String key, String id, Secret value) {
        byte[] bytes;
        try {
            String standard = value.value().replaceAll("\\s", "").replace('-', '+').replace('_', '/');
            bytes = Base64.getDecoder().decode(standard);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key, "is not valid base64", "set it to the output of"
                    + " `openssl rand -base64 32`");
        }
        if (bytes.length != 32) {
            throw new ConfigurationException(key, "must be base64 of exactly 32 bytes (an AES-256 key), but it"
                    + " decodes to " + bytes.length + " bytes", "set it to the output of `openssl rand -base64 32`");
        }
        Arrays.fill(bytes, (byte) 0);
        return new EncryptionKeySetting(id, value);
    }

    private static KeepAliveSettings keepAlive(ConfigObject store, LoadContext context,
                                               PlaceholderResolver placeholders) {
        ConfigObject k = store.object("keep-alive")
                .orElseGet(() -> new ConfigObject(store.key("keep-alive"), Map.of(), placeholders));
        context.track(k, Keys.KEEP_ALIVE);
        boolean enabled = k.bool("enabled").orElse(true);
        Duration idle = Values.positive(k.key("idle-timeout"), k.duration("idle-timeout").orElse(DEFAULT_IDLE_TIMEOUT));
        double fraction = k.decimal("fraction").orElse(DEFAULT_FRACTION);
        if (!(fraction > 0 && fraction < 1)) {
            throw new ConfigurationException(k.key("fraction"), "must be between 0 and 1 (exclusive), got "
                    + fraction, "use e.g. 0.66 to refresh a grant after two thirds of idle-timeout");
        }
        Duration interval = Values.positive(k.key("interval"), k.duration("interval").orElse(DEFAULT_INTERVAL));
        Duration margin = Duration.ofMillis((long) (idle.toMillis() * (1 - fraction)));
        if (enabled && interval.compareTo(margin) >= 0) {
            throw new ConfigurationException(k.key("interval"), "is not shorter than idle-timeout x (1 - fraction)"
                    + " = " + margin + ", so a grant could expire between two runs", "run the scheduler more"
                    + " often, or lower the fraction");
        }
        long concurrency = k.integer("concurrency").orElse((long) KeepAliveSettings.DEFAULT_CONCURRENCY);
        if (concurrency < 1 || concurrency > KeepAliveSettings.MAX_CONCURRENCY) {
            throw new ConfigurationException(k.key("concurrency"), "must be between 1 and "
                    + KeepAliveSettings.MAX_CONCURRENCY + ", got " + concurrency, "use 1 (the default) to refresh one"
                    + " grant at a time at the provider, or a few more to finish a large run sooner");
        }
        return new KeepAliveSettings(enabled, idle, fraction, interval, (int) concurrency);
    }
}
