package dev.offlineaccess.hardening;

import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.login.PendingLogin;
import dev.offlineaccess.login.PendingLogins;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.TokenEndpoint;
import dev.offlineaccess.servlet.OidcFilter;
import dev.offlineaccess.session.OidcIdentity;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.InMemoryGrantStore;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.TokenCipher;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public type of {@code dev.offlineaccess}, found by walking the compiled classes: its {@code toString()} must
 * not show a token, code, state, nonce, verifier, secret or key, and an exception must not copy its cause's message
 * (a parser's message may quote the token it failed on). Records are built by {@link CanaryValues} with a canary in
 * every secret-bearing component; the stateful classes that print themselves are built by hand; exceptions through
 * each public constructor, with a cause whose message holds a canary JWT. A public record with a secret-bearing
 * component that cannot be built fails the test (add a value rule), so new types cannot slip by.
 */
class PublicTypesRevealNoSecretTest {
    private final CanaryValues canaries = new CanaryValues();

    @Test
    void noPublicTypeShowsASecretInToStringOrInItsExceptionMessage() throws Exception {
        List<Class<?>> types = publicTypes();
        assertTrue(types.size() > 100, "public types found: " + types.size());
        Map<String, String> shown = new LinkedHashMap<>();
        List<String> notBuilt = new ArrayList<>();
        List<String> otherNotBuilt = new ArrayList<>();
        int exceptions = 0;
        for (Class<?> type : types) {
            if (type.isRecord()) {
                try {
                    shown.put(type.getName(), String.valueOf(canaries.record(type)));
                } catch (InvocationTargetException e) {
                    (hasSecretComponent(type) ? notBuilt : otherNotBuilt).add(type.getName() + ": " + e.getCause());
                }
            } else if (Throwable.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                exceptions += exerciseConstructors(type, shown);
            }
        }
        handBuilt(shown);

        assertEquals(List.of(), notBuilt, "records with secret components that could not be built");
        long records = types.stream().filter(Class::isRecord).count();
        assertTrue(otherNotBuilt.size() * 5 < records, "most records are built: " + otherNotBuilt);
        assertTrue(shown.size() > 70, "instances printed: " + shown.size() + ", not built: " + otherNotBuilt);
        assertTrue(exceptions >= 15, "exception constructors exercised: " + exceptions);
        assertTrue(canaries.canaryCount() > 60, "canaries handed out: " + canaries.canaryCount());
        List<String> leaks = new ArrayList<>();
        shown.forEach((what, text) -> canaries.leaked(text).ifPresent(c -> leaks.add(what + " shows " + c)));
        assertEquals(List.of(), leaks);
    }

    /** The stateful public classes that print themselves, built the way the adapter builds them. */
    private void handBuilt(Map<String, String> shown) throws Exception {
        AccessToken token = new AccessToken(canaries.canary("accessToken"), java.time.Instant.now(), Set.of("openid"));
        OidcIdentity identity = new OidcIdentity("https://op.example/realms/test", "sub-1", "alice", Set.of("user"),
                Map.of("email", "alice@example.test"), true, token);
        shown.put("OidcIdentity", identity + " " + identity.getName());
        UserSession session = canaries.userSession();
        shown.put("UserSession", session + " " + OidcIdentity.of(session));
        PendingLogin login = (PendingLogin) canaries.record(PendingLogin.class);
        shown.put("PendingLogins", PendingLogins.empty().with(login, 10).toString());
        String key = TokenCipher.generateKey();
        canaries.leaked("");
        TokenCipher cipher = TokenCipher.of(List.of(new StoreSettings.EncryptionKeySetting("k1", new Secret(key))));
        shown.put("TokenCipher", cipher.toString());
        OfflineTokenService service = OfflineTokenService.builder()
                .client(new dev.offlineaccess.config.ClientSettings(java.net.URI.create("https://op.example/realms/t"),
                        "portal", new Secret(canaries.canary("clientSecret"))))
                .tokenEndpoint(new TokenEndpoint() {
                    @Override
                    public IssuedTokens refresh(String refreshToken, Set<String> scopes) {
                        throw new UnsupportedOperationException("not called");
                    }

                    @Override
                    public void revokeRefreshToken(String refreshToken) {
                        throw new UnsupportedOperationException("not called");
                    }
                })
                .store(new InMemoryGrantStore()).cipher(cipher).clockSkew(Duration.ofSeconds(10)).build();
        shown.put("OfflineTokenService", service.toString());
        shown.put("KeepAlive", service.keepAlive(new StoreSettings.KeepAliveSettings(false, Duration.ofDays(30),
                0.5, Duration.ofHours(1))).toString());
        assertTrue(!cipher.toString().contains(key), "the cipher shows its key");
    }

    /** Each public constructor with plain messages and a cause that quotes a canary JWT; returns how many ran. */
    private int exerciseConstructors(Class<?> type, Map<String, String> shown) throws ReflectiveOperationException {
        int run = 0;
        for (Constructor<?> constructor : type.getConstructors()) {
            Object[] args = new Object[constructor.getParameterCount()];
            Class<?>[] parameters = constructor.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = Throwable.class.isAssignableFrom(parameters[i])
                        ? new IllegalStateException("Invalid JWT: " + canaries.canary("causeToken"))
                        : parameters[i] == String.class ? "plain message " + i
                        : canaries.value(constructor.getGenericParameterTypes()[i], "plain" + i);
            }
            try {
                Throwable thrown = (Throwable) constructor.newInstance(args);
                shown.put(type.getName() + "#" + run, thrown + " | " + thrown.getMessage() + " | "
                        + thrown.getLocalizedMessage());
                run++;
            } catch (InvocationTargetException refused) {
                // a constructor that validates its arguments (e.g. refuses a null cause): nothing to print
            }
        }
        return run;
    }

    private static boolean hasSecretComponent(Class<?> record) {
        return Stream.of(record.getRecordComponents()).anyMatch(c -> (c.getType() == String.class
                || c.getType() == Secret.class) && CanaryValues.secretName(c.getName()));
    }

    /** The public types (top-level and nested in public types) of the adapter's main classes. */
    static List<Class<?>> publicTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(OidcFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/offlineaccess"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OidcFilter.class.getClassLoader());
                if (isPublic(type) && !type.isAnonymousClass() && !type.isSynthetic()) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}
