package dev.offlineaccess.testing.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that makes sure the real Keycloak of {@code tools/keycloak} runs while the tests of this
 * JVM run. Use it with {@code @ExtendWith(KeycloakServer.class)} on every test class that talks to Keycloak.
 *
 * <p>The first test class that needs it decides, once per JVM:
 * <ul>
 *   <li>if a Keycloak already answers at {@link #baseUrl()} and serves the {@code demo} realm, it is reused
 *       and left running;</li>
 *   <li>otherwise {@code tools/keycloak/keycloak.sh start} is run (the repository root is found by walking up
 *       from the working directory), and {@code keycloak.sh stop} is run when all tests of the JVM are done,
 *       unless the system property {@value #KEEP_PROPERTY} is {@code true}.</li>
 * </ul>
 * The lease lives in the root context's store, so JUnit closes it after the last test class.
 *
 * <p>System properties: {@value #URL_PROPERTY} (default {@value #DEFAULT_URL}; a local URL only, when the
 * fixture has to start Keycloak itself) and {@value #KEEP_PROPERTY}. The launcher's output goes to
 * {@code target/keycloak-launcher.log} of the module under test.
 *
 * <p>Static methods are thread-safe and never return null; they only read the system property.
 */
public final class KeycloakServer implements BeforeAllCallback {

    public static final String URL_PROPERTY = "keycloak.url";
    public static final String KEEP_PROPERTY = "keycloak.keep";
    public static final String DEFAULT_URL = "http://localhost:8180";

    private static final System.Logger LOG = System.getLogger(KeycloakServer.class.getName());
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakServer.class);
    private static final long LAUNCHER_TIMEOUT_SECONDS = 420;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Lease.class, type -> Lease.acquire(), Lease.class);
    }

    /** The Keycloak base URL, without a trailing slash, e.g. {@code http://localhost:8180}. */
    public static URI baseUrl() {
        String url = System.getProperty(URL_PROPERTY, DEFAULT_URL).trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return URI.create(url);
    }

    /** The issuer of {@code realm}, e.g. {@code http://localhost:8180/realms/demo}. */
    public static String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** The OpenID Connect discovery document URL of {@code realm}. */
    public static URI discoveryUrl(String realm) {
        return URI.create(issuer(realm) + "/.well-known/openid-configuration");
    }

    /**
     * An endpoint of the realm's OpenID Connect protocol: {@code auth}, {@code token}, {@code logout},
     * {@code revoke}, {@code userinfo}, {@code token/introspect}, {@code certs}.
     */
    public static URI endpoint(String realm, String name) {
        return URI.create(issuer(realm) + "/protocol/openid-connect/" + name);
    }

    /** What this JVM holds: a Keycloak it started (stopped on close), or one it found running. */
    private static final class Lease implements AutoCloseable {

        private final Path launcher;

        private Lease(Path launcher) {
            this.launcher = launcher;
        }

        static Lease acquire() {
            URI base = baseUrl();
            if (servesDemoRealm(base)) {
                LOG.log(Level.INFO, "Reusing the Keycloak that already runs at {0}; it stays running", base);
                return new Lease(null);
            }
            requireLocal(base);
            Path launcher = findLauncher();
            runLauncher(launcher, "start", base);
            if (!servesDemoRealm(base)) {
                throw new IllegalStateException("keycloak.sh start succeeded but " + discoveryUrl(DemoRealms.DEMO)
                        + " does not answer; see " + launcherLog());
            }
            if (Boolean.getBoolean(KEEP_PROPERTY)) {
                LOG.log(Level.INFO, "Keycloak started; -D{0}=true: it stays running after the tests", KEEP_PROPERTY);
                return new Lease(null);
            }
            return new Lease(launcher);
        }

        @Override
        public void close() {
            if (launcher != null) {
                runLauncher(launcher, "stop", baseUrl());
            }
        }
    }

    private static boolean servesDemoRealm(URI base) {
        HttpResponse<String> response;
        try {
            response = KeycloakHttp.get(discoveryUrl(DemoRealms.DEMO), null);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof HttpConnectTimeoutException) {
                return false;
            }
            throw e;
        }
        if (response.statusCode() != 200) {
            return false;
        }
        Object issuer = KeycloakHttp.object(response.body()).get("issuer");
        if (!issuer(DemoRealms.DEMO).equals(issuer)) {
            throw new IllegalStateException("The Keycloak at " + base + " reports the issuer " + issuer
                    + " for realm demo, but the tests expect " + issuer(DemoRealms.DEMO)
                    + ". Stop it and let tools/keycloak/keycloak.sh start it: it pins the issuer.");
        }
        return true;
    }

    private static void requireLocal(URI base) {
        String host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
        if (!List.of("localhost", "127.0.0.1").contains(host) || !"http".equals(base.getScheme())) {
            throw new IllegalStateException("Nothing serves realm demo at " + base + ", and only a local http URL"
                    + " can be started by tools/keycloak/keycloak.sh; fix -D" + URL_PROPERTY);
        }
    }

    private static Path findLauncher() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            Path launcher = candidate.resolve("tools/keycloak/keycloak.sh");
            if (Files.isRegularFile(launcher)) {
                return launcher;
            }
        }
        throw new IllegalStateException("No tools/keycloak/keycloak.sh in " + dir + " or any parent directory;"
                + " start Keycloak yourself and point -D" + URL_PROPERTY + " at it");
    }

    private static Path launcherLog() {
        return Path.of("target", "keycloak-launcher.log").toAbsolutePath();
    }

    private static void runLauncher(Path launcher, String command, URI base) {
        Path log = launcherLog();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), command)
                    .directory(launcher.getParent().getParent().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            int port = base.getPort() == -1 ? 80 : base.getPort();
            builder.environment().put("KEYCLOAK_PORT", Integer.toString(port));
            LOG.log(Level.INFO, "Running {0} {1} (output: {2})", launcher, command, log);
            Process process = builder.start();
            if (!process.waitFor(LAUNCHER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroy();
                throw new IllegalStateException("keycloak.sh " + command + " did not finish in "
                        + LAUNCHER_TIMEOUT_SECONDS + " s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keycloak.sh " + command + " failed with exit code "
                        + process.exitValue() + ":\n" + tail(log, 50));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + launcher, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keycloak.sh " + command, e);
        }
    }

    private static String tail(Path file, int lines) throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
