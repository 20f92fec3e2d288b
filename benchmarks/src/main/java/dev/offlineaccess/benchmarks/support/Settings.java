package dev.offlineaccess.benchmarks.support;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.config.SettingsLoader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter configurations for the benchmarks, written as the JSON a user writes and loaded by the adapter's own
 * loader with an empty environment (so no {@code OFFLINE_*} variable of the machine leaks in).
 */
public final class Settings {
    /** A fixed AES-256 key (base64 of 32 bytes); benchmark data only. */
    public static final String BENCH_KEY = "YmVuY2htYXJrLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=";

    private Settings() {
    }

    /** The configuration of a filter or token service for a provider, with its store in {@code store}. */
    public static Map<String, Object> config(String issuer, String clientId, String secret, Map<String, Object> store) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", issuer);
        config.put("client-id", clientId);
        config.put("client-secret", secret);
        config.put("principal-claim", "preferred_username");
        config.put("offline-prompt-consent", false);
        config.put("bearer-paths", List.of("/secured/api/*"));
        config.put("store", store);
        return config;
    }

    /** A store section: the embedded H2 file, or {@code jdbcUrl} when given; the keep-alive off. */
    public static Map<String, Object> store(Path h2File, String jdbcUrl, String user) {
        Map<String, Object> store = new LinkedHashMap<>();
        if (jdbcUrl != null) {
            store.put("jdbc-url", jdbcUrl);
            store.put("user", user);
        } else {
            store.put("h2-file", h2File.toAbsolutePath().toString());
        }
        store.put("encryption-key", BENCH_KEY);
        store.put("keep-alive", Map.of("enabled", false));
        return store;
    }

    public static OidcSettings load(Map<String, Object> config) {
        byte[] json = JSONObjectUtils.toJSONString(config).getBytes(StandardCharsets.UTF_8);
        try {
            return SettingsLoader.load(new ByteArrayInputStream(json), "benchmark", name -> null).settings();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the configuration to {@code file} (for a filter's {@code config-file} init-parameter). */
    public static Path write(Map<String, Object> config, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, JSONObjectUtils.toJSONString(config), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
