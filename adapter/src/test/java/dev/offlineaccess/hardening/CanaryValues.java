package dev.offlineaccess.hardening;

import dev.offlineaccess.config.Secret;
import dev.offlineaccess.session.UserSession;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds instances of the adapter's records by reflection: every {@code String} (or {@link Secret}) component whose
 * name says it carries a token, secret, key, state, nonce or verifier gets a unique canary value (not {@code code}:
 * in the records that is always an OAuth error code; authorization codes only pass through method parameters,
 * which the end-to-end run covers); every other
 * component gets an ordinary value shaped for its name (an issuer URL, a path, an algorithm...). Nested records,
 * sealed interfaces (their first record implementation), enums, collections and the usual JDK value types are
 * built the same way, and so is {@link UserSession}, the one public value class that is no record. Then
 * {@link #leaked(String)} says whether a text shows any canary. Not thread-safe.
 */
final class CanaryValues {
    /** Component names that carry a secret value when they are text. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(token|secret|password|verifier|nonce|state|csrf|hint|credential|authorization|ciphertext)"
                    + ".*|key|value");
    /** Names that contain a secret word but hold no secret. */
    private static final Pattern NOT_SECRET = Pattern.compile(
            "(?i).*(endpoint|uri|url|type|expires|expiry|at|count|status|reason|id|name|kind|path|method).*");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final List<String> canaries = new ArrayList<>();

    /** Whether {@code text} contains a canary handed out so far. */
    Optional<String> leaked(String text) {
        return canaries.stream().filter(text::contains).findFirst();
    }

    int canaryCount() {
        return canaries.size();
    }

    /** A new canary, JWT-shaped when the name says JWT (ID tokens are parsed when a session is built). */
    String canary(String name) {
        String marker = "canary" + canaries.size() + "x" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        String value = name.toLowerCase(Locale.ROOT).matches(".*(idtoken|rawtoken|jwt|logouttoken|token)")
                ? jwt(marker) : marker;
        canaries.add(value);
        canaries.add(marker);
        return value;
    }

    private static String jwt(String marker) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"sub\":\"sub-1\",\"jti\":\"" + marker + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(marker.getBytes(
                StandardCharsets.UTF_8));
    }

    static boolean secretName(String name) {
        return SECRET_NAME.matcher(name).matches() && !NOT_SECRET.matcher(name).matches()
                || name.toLowerCase(Locale.ROOT).endsWith("token") || name.equalsIgnoreCase("refreshToken");
    }

    /** A record instance built through its canonical constructor. */
    Object record(Class<?> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getGenericType(), components[i].getName());
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(args);
    }

    /** A value for a component or parameter of this type and name. */
    Object value(Type generic, String name) throws ReflectiveOperationException {
        if (generic instanceof java.lang.reflect.TypeVariable<?>) {
            return "plain-" + name;   // a generic carrier (GrantStore.Outcome's result): whatever the caller puts
        }
        Class<?> raw = rawClass(generic);
        if (raw == String.class) {
            return secretName(name) ? canary(name) : plain(name);
        }
        if (raw == Secret.class) {
            return new Secret(canary(name));
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Boolean.FALSE;
        }
        if (raw == int.class || raw == Integer.class) {
            return 3;
        }
        if (raw == long.class || raw == Long.class) {
            return 3L;
        }
        if (raw == double.class || raw == Double.class) {
            return 0.5;
        }
        if (raw == Instant.class) {
            return NOW;
        }
        if (raw == Duration.class) {
            return Duration.ofSeconds(60);
        }
        if (raw == URI.class) {
            return URI.create(plainUrl(name));
        }
        if (raw == Path.class) {
            return Path.of("target", "canary", name);
        }
        if (raw == Clock.class) {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
        if (raw == byte[].class) {
            return canary(name).getBytes(StandardCharsets.UTF_8);
        }
        if (raw == Optional.class) {
            return Optional.of(value(typeArgument(generic, 0), name));
        }
        if (raw == Set.class) {
            return Set.of(value(typeArgument(generic, 0), name));
        }
        if (raw == List.class || raw == Collection.class) {
            return List.of(value(typeArgument(generic, 0), name));
        }
        if (raw == Map.class) {
            Type valueType = typeArgument(generic, 1);
            Object element = rawClass(valueType) == Object.class ? (secretName(name) ? canary(name) : "plain")
                    : value(valueType, name);
            return Map.of("sub", "sub-1", name, element);
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw == UserSession.class) {
            return userSession();
        }
        if (raw.isRecord()) {
            return record(raw);
        }
        if (raw.isSealed()) {
            for (Class<?> permitted : raw.getPermittedSubclasses()) {
                if (permitted.isRecord()) {
                    return record(permitted);
                }
            }
        }
        if (raw == Object.class) {
            return secretName(name) ? canary(name) : "plain";
        }
        return null;
    }

    /** The one public value class that is not a record: a session with a canary in every token and claim. */
    UserSession userSession() {
        return new UserSession(plainUrl("issuer"), "portal", "sub-1", "alice", Set.of("user"), canary("idToken"),
                Map.of("phone", canary("userInfoSecret")), canary("accessToken"), NOW, Set.of("openid"),
                canary("refreshToken"), false, canary("csrfToken"), NOW);
    }

    private static String plain(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("issuer") || lower.contains("uri") || lower.contains("url") || lower.contains("origin")
                || lower.contains("location")) {
            return plainUrl(lower);
        }
        if (lower.contains("path") || lower.contains("link") || lower.contains("redirect")) {
            return "/app/page";
        }
        if (lower.contains("alg")) {
            return "RS256";
        }
        if (lower.contains("scope")) {
            return "openid";
        }
        if (lower.equals("id") || lower.endsWith("keyid")) {
            return "k1";
        }
        if (lower.contains("method")) {
            return "GET";
        }
        return "plain-" + name;
    }

    private static String plainUrl(String name) {
        return name.toLowerCase(Locale.ROOT).contains("issuer") ? "https://op.example/realms/test"
                : "https://app.example/app/page";
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }
}
