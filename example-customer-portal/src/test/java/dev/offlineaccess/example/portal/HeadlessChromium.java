package dev.offlineaccess.example.portal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium (package {@code chromium}) in headless mode, turning a saved HTML file into a PNG of the window
 * size asked for.
 *
 * <p>Every call starts a new browser with a new, empty profile that is deleted afterwards, and with the flags that
 * keep Chromium off the network (no background networking, component updates, sync or QUIC): it loads the file and
 * what the file itself references, nothing else. A browser that has not finished within {@link #TIMEOUT} is killed
 * with its child processes. Chromium's own output goes to a log file beside the PNG.
 *
 * <p>Stateless apart from the executable's path, so thread-safe. Arguments must not be null.
 */
final class HeadlessChromium {
    /** How long one screenshot may take: a start, one page, the picture. Usually two seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Overrides the executable, e.g. {@code -Dscreenshots.chromium=/usr/lib/chromium/chromium}. */
    static final String EXECUTABLE_PROPERTY = "screenshots.chromium";

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /**
     * The Chromium on this machine: {@code -Dscreenshots.chromium}, else {@code chromium} on the {@code PATH}.
     *
     * @throws IllegalStateException when there is none, saying how to install it
     */
    static HeadlessChromium find() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY);
        if (configured != null) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("-D" + EXECUTABLE_PROPERTY + "=" + configured
                        + " is not an executable file; leave it out to use `chromium` from the PATH.");
            }
            return new HeadlessChromium(path);
        }
        return new HeadlessChromium(onPath("chromium").orElseThrow(() -> new IllegalStateException(
                "Chromium is not installed, and the portal's screenshots are taken with it. Install Debian's"
                        + " package: `apt-get install -y chromium` (.ci/run does), or point -D" + EXECUTABLE_PROPERTY
                        + "=... at a Chromium executable.")));
    }

    Path executable() {
        return executable;
    }

    /**
     * Renders {@code html} in a {@code width} × {@code height} window and writes the visible part to {@code png}.
     *
     * @param crossOrigin whether the page may use fonts and scripts of another origin (Keycloak's login page, saved
     *                    to a file, takes its style sheets and web fonts from the Keycloak server: from a
     *                    {@code file:} page those are cross-origin, and Chromium's CORS check would drop the fonts).
     *                    Switches off Chromium's same-origin checks for this one throwaway browser.
     * @throws IOException when Chromium fails, times out or writes no picture; the message ends with its log
     */
    void screenshot(Path html, Path png, int width, int height, boolean crossOrigin)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        Path log = png.resolveSibling(png.getFileName() + ".chromium.log");
        Files.deleteIfExists(png);
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=" + width + "," + height));
        if (crossOrigin) {
            command.add("--disable-web-security");
        }
        command.add("--screenshot=" + png.toAbsolutePath());
        command.add(html.toAbsolutePath().toUri().toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill(process);
                throw new IOException("Chromium did not take the screenshot of " + html.getFileName() + " within "
                        + TIMEOUT.toSeconds() + " s" + logTail(log));
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(png) || Files.size(png) == 0) {
                throw new IOException("Chromium exited with " + process.exitValue() + " and no picture of "
                        + html.getFileName() + logTail(log));
            }
        } finally {
            kill(process);
            deleteTree(profile);
        }
    }

    /** Ends the browser and every process it started (its renderers), and waits a little for them to go. */
    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle child : children) {
            child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    /** The last lines Chromium printed, without its harmless complaints about the missing D-Bus. */
    private static String logTail(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.contains("dbus")).toList();
        return "; Chromium's log " + log + " ends:\n" + String.join("\n",
                lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** Deletes the throwaway profile; what cannot be deleted stays in the temporary directory. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.getLogger(HeadlessChromium.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not delete the Chromium profile {0}: {1}", dir, e.toString());
        }
    }
}
