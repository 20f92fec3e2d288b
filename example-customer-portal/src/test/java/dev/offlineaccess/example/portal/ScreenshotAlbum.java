package dev.offlineaccess.example.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.htmlunit.html.HtmlPage;

/**
 * The walk-through's pictures. {@link #take} saves the HTML that HtmlUnit received for a page under
 * {@code target/screenshots/}, renders it with {@link HeadlessChromium} at {@value #WIDTH} × {@value #HEIGHT},
 * checks the picture, trims the empty space below the content, and — only with {@code -Dscreenshots.update=true} —
 * copies it to {@code docs/images/}, where the README and {@code docs/walkthrough.md} show it.
 *
 * <p>Pages of the portal are saved as received (their CSS is inline). A page of another origin (Keycloak's login
 * page) gets its URLs to Keycloak's {@code login-actions} cut to the path: their query carries Keycloak's session
 * code and {@code client_data}, which the picture does not show. Every saved page gets a {@code <base href>} of the
 * address it came from, so that the style sheets and fonts it references load from there.
 *
 * <p>Not thread-safe: one test takes the pictures in order. Arguments must not be null.
 */
final class ScreenshotAlbum {
    static final int WIDTH = 1200;
    static final int HEIGHT = 800;
    /** Set to {@code true} to copy the pictures into {@code docs/images/}. */
    static final String UPDATE_PROPERTY = "screenshots.update";

    /** Space kept below the last row with content when the empty rest of the window is cut off. */
    private static final int MARGIN_BELOW = 32;
    private static final Pattern HEAD = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOGIN_ACTION_QUERY = Pattern.compile("(/login-actions/[A-Za-z-]+)\\?[^\"'\\s>]*");

    private final URI portalBase;
    private final HeadlessChromium chromium;
    private final Path work;
    private final Path docsImages;
    private final List<String> names = new ArrayList<>();

    private ScreenshotAlbum(URI portalBase, HeadlessChromium chromium, Path work, Path docsImages) {
        this.portalBase = portalBase;
        this.chromium = chromium;
        this.work = work;
        this.docsImages = docsImages;
    }

    /**
     * An album for the portal at {@code portalBase}, working in {@code target/screenshots/} of the module (the
     * tests' working directory) and publishing to the repository's {@code docs/images/} when asked to.
     */
    static ScreenshotAlbum open(HeadlessChromium chromium, URI portalBase) throws IOException {
        Path work = Files.createDirectories(Path.of("target", "screenshots"));
        Path docsImages = null;
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Path repository = Path.of("..").toAbsolutePath().normalize();
            assertTrue(Files.isRegularFile(repository.resolve("README.md")), () -> "-D" + UPDATE_PROPERTY
                    + " needs the tests to run in the module directory, below the repository's README.md; ran in "
                    + Path.of("").toAbsolutePath());
            docsImages = Files.createDirectories(repository.resolve("docs").resolve("images"));
        }
        return new ScreenshotAlbum(portalBase, chromium, work, docsImages);
    }

    /** Whether this run copies the pictures into {@code docs/images/}. */
    boolean publishes() {
        return docsImages != null;
    }

    /** The repository's docs folder, e.g. to read which pictures the documents show. */
    static Path docs() {
        return Path.of("..", "docs");
    }

    /** The names of the pictures taken so far, in order. */
    List<String> names() {
        return List.copyOf(names);
    }

    /**
     * Saves {@code page} as {@code <name>.html}, renders {@code <name>.png} and checks it: the page holds no token
     * (nothing that starts like a JWT, {@code eyJ}), Chromium drew something, the picture is {@value #WIDTH} pixels
     * wide and at most {@value #HEIGHT} high.
     *
     * @return the PNG under {@code target/screenshots/}
     */
    Path take(String name, HtmlPage page) throws IOException, InterruptedException {
        assertFalse(names.contains(name), () -> "two pictures named " + name);
        boolean foreign = !sameOrigin(page.getUrl(), portalBase);
        String html = page.getWebResponse().getContentAsString(StandardCharsets.UTF_8);
        if (foreign) {
            html = LOGIN_ACTION_QUERY.matcher(html).replaceAll("$1");
        }
        assertFalse(html.contains("eyJ"), () -> name + ": the page must never show a token");
        Path htmlFile = work.resolve(name + ".html");
        Files.writeString(htmlFile, withBase(html, page.getUrl()), StandardCharsets.UTF_8);

        Path png = work.resolve(name + ".png");
        chromium.screenshot(htmlFile, png, WIDTH, HEIGHT, foreign);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertTrue(shot != null, () -> name + ": Chromium wrote no readable PNG");
        assertEquals(WIDTH, shot.getWidth(), () -> name + ": width");
        assertEquals(HEIGHT, shot.getHeight(), () -> name + ": height");
        int contentHeight = contentHeight(shot);
        assertTrue(contentHeight > 60, () -> name + ": Chromium drew an empty page");
        int height = Math.min(HEIGHT, contentHeight + MARGIN_BELOW);
        if (height < HEIGHT) {
            ImageIO.write(shot.getSubimage(0, 0, WIDTH, height), "png", png.toFile());
        }
        assertTrue(Files.size(png) > 1000, () -> name + ": the PNG is nearly empty");

        names.add(name);
        if (docsImages != null) {
            Files.copy(png, docsImages.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
        return png;
    }

    /**
     * How many rows from the top hold content: everything below is the colour of the bottom-left pixel. A page
     * whose background is a picture (Keycloak's) has content down to the last row.
     */
    static int contentHeight(BufferedImage image) {
        int background = image.getRGB(0, image.getHeight() - 1);
        for (int y = image.getHeight() - 1; y >= 0; y--) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) != background) {
                    return y + 1;
                }
            }
        }
        return 0;
    }

    /** Adds {@code <base href>} (the page's address without its query) right after {@code <head>}. */
    private static String withBase(String html, URL address) {
        Matcher head = HEAD.matcher(html);
        assertTrue(head.find(), () -> "no <head> in the page from " + address.getPath());
        String base = address.getProtocol() + "://" + address.getAuthority() + address.getPath();
        return html.substring(0, head.end()) + "<base href=\"" + base + "\">" + html.substring(head.end());
    }

    private static boolean sameOrigin(URL url, URI base) {
        return url.getProtocol().equals(base.getScheme()) && url.getHost().equals(base.getHost())
                && url.getPort() == base.getPort();
    }
}
