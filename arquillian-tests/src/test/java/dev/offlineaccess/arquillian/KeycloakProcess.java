package dev.offlineaccess.arquillian;

import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the test Keycloak with {@code tools/keycloak/keycloak.sh} (which keeps its database, so users,
 * sessions and offline sessions survive, as in production). Only a Keycloak that script started can be stopped;
 * {@link #stop()} fails when Keycloak still answers afterwards. The script's output is appended to
 * {@code target/keycloak-launcher.log}. Stateless; not for concurrent use (the script serialises its own calls).
 */
final class KeycloakProcess {
    private static final long TIMEOUT_SECONDS = 420;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private KeycloakProcess() {
    }

    /** Stops Keycloak and checks that it no longer answers. */
    static void stop() {
        run("stop");
        if (answers()) {
            throw new IllegalStateException("Keycloak at " + KeycloakServer.baseUrl() + " still answers after"
                    + " keycloak.sh stop: it was not started by tools/keycloak/keycloak.sh, so this suite cannot take"
                    + " it down; stop it and let the suite start it");
        }
    }

    /** Starts Keycloak (or finds it running) and waits until every realm answers. */
    static void start() {
        run("start");
        if (!answers()) {
            throw new IllegalStateException("keycloak.sh start succeeded but realm demo does not answer");
        }
    }

    /** Whether the {@code demo} realm's discovery document is served. */
    static boolean answers() {
        HttpRequest request = HttpRequest.newBuilder(KeycloakServer.discoveryUrl(DemoRealms.DEMO))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException refusedOrTimedOut) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Keycloak", e);
        }
    }

    private static void run(String command) {
        Path launcher = launcher();
        Path log = Path.of("target", "keycloak-launcher.log").toAbsolutePath();
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), command)
                    .directory(launcher.getParent().getParent().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            int port = KeycloakServer.baseUrl().getPort();
            builder.environment().put("KEYCLOAK_PORT", Integer.toString(port == -1 ? 80 : port));
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroy();
                throw new IllegalStateException("keycloak.sh " + command + " did not finish in " + TIMEOUT_SECONDS
                        + " s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keycloak.sh " + command + " failed with exit code "
                        + process.exitValue() + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + launcher, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keycloak.sh " + command, e);
        }
    }

    private static Path launcher() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools/keycloak/keycloak.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no tools/keycloak/keycloak.sh above " + Path.of("").toAbsolutePath());
    }
}
