package dev.offlineaccess.hardening;

import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.login.LoginFailure;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.testing.AuthorizationRedirect;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.Fault;
import dev.offlineaccess.tokens.OfflineTokenException;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.offlineaccess.hardening.Browsing.assertAdapterPage;
import static dev.offlineaccess.hardening.Browsing.assertNotSignedIn;
import static dev.offlineaccess.hardening.Browsing.line;
import static dev.offlineaccess.hardening.Browsing.startSignIn;
import static dev.offlineaccess.hardening.Browsing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider fails — down, slower than the timeouts, 5xx, HTML instead of JSON, truncated JSON, a 404 page — while
 * a user signs in (the code exchange at the callback) and while a background task refreshes a stored grant. The
 * adapter runs with {@code connect-timeout} and {@code read-timeout} of 1 s. Each case: what the caller sees, how
 * fast, that nobody is signed in and nothing stored (sign-in), that the stored grant is untouched and works once the
 * provider is back (background).
 */
class ProviderFaultsTest {
    /** connect-timeout + read-timeout of the adapter under test. */
    static final Duration DEADLINE = Duration.ofSeconds(2);
    /** What a slow machine may add to a deadline. */
    static final Duration MARGIN = Duration.ofMillis(1500);

    @TempDir
    static Path dir;
    static AdapterUnderTest app;

    @BeforeAll
    static void start() throws Exception {
        app = AdapterUnderTest.builder(dir).rotation().configure(config -> {
            config.put("connect-timeout", "1s");
            config.put("read-timeout", "1s");
        }).start();
    }

    @AfterAll
    static void stop() throws IOException {
        app.close();
    }

    @BeforeEach
    @AfterEach
    void heal() {
        app.op.heal();
    }

    /** A way the provider fails, set up on one endpoint. */
    enum Failure {
        DOWN, SLOWER_THAN_THE_READ_TIMEOUT, HTTP_500, HTTP_503, HTML_INSTEAD_OF_JSON, MALFORMED_JSON;

        void applyTo(Endpoint endpoint) {
            switch (this) {
                case DOWN -> app.op.stop();
                case SLOWER_THAN_THE_READ_TIMEOUT -> app.op.delay(endpoint, Duration.ofSeconds(5));
                case HTTP_500 -> app.op.fail(endpoint, Fault.HTTP_500);
                case HTTP_503 -> app.op.fail(endpoint, Fault.HTTP_503);
                case HTML_INSTEAD_OF_JSON -> app.op.fail(endpoint, Fault.HTML_BODY);
                case MALFORMED_JSON -> app.op.fail(endpoint, Fault.MALFORMED_JSON);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void atTheCodeExchangeTheUserGetsA503PageWithRetryAfterNobodySignedInNothingStored(Failure failure)
            throws Exception {
        app.tokens().forget("alice");
        WebClient browser = app.browser();
        AuthorizationRedirect back = startSignIn(app, browser, "/secured/page?scope=offline_access");
        failure.applyTo(Endpoint.TOKEN);

        long started = System.nanoTime();
        Page page = browser.getPage(back.location().toString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertAdapterPage(app, page, 503, LoginFailure.PROVIDER_UNAVAILABLE.name());
        assertEquals("10", page.getWebResponse().getResponseHeaderValue("Retry-After"));
        assertTrue(text(page).contains("cannot be reached"), text(page));
        assertTrue(took.compareTo(DEADLINE.plus(MARGIN)) < 0, "answered in " + took);
        app.op.heal();
        assertNotSignedIn(app, browser);
        assertTrue(app.tokens().find("alice").isEmpty(), "nothing stored");
        assertEquals("alice", line(browser.getPage(app.url("/secured/page?scope=offline_access")), "user"),
                "once the provider is back the same browser signs in");
    }

    @Test
    void aTokenEndpointAnswering404WithHtmlIsAProviderErrorPageNotA500() throws Exception {
        WebClient browser = app.browser();
        AuthorizationRedirect back = startSignIn(app, browser, "/secured/page");
        app.op.fail(Endpoint.TOKEN, Fault.HTTP_404_HTML);
        Page page = browser.getPage(back.location().toString());
        assertAdapterPage(app, page, 400, LoginFailure.PROVIDER_ERROR.name());
        assertTrue(text(page).contains("http_404"), text(page));
        assertNotSignedIn(app, browser);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void duringABackgroundRefreshTheTaskIsToldToRetryLaterAndTheStoredGrantIsUntouched(Failure failure)
            throws Exception {
        app.op.nextLogin("alice");
        assertEquals("true", line(app.browser().getPage(app.url("/secured/page?scope=offline_access")),
                "offline"));
        app.clock.advance(Duration.ofMinutes(6));
        List<String> rowBefore = aliceRow();
        long failedBefore = app.op.failedRefreshCount();
        int sessionsBefore = app.op.offlineSessionCount("alice");
        failure.applyTo(Endpoint.TOKEN);

        long started = System.nanoTime();
        OfflineTokenException e = assertThrows(OfflineTokenException.class, () -> app.tokens().accessToken("alice"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(OfflineTokenException.Action.RETRY_LATER, e.action(), e.toString());
        assertTrue(took.compareTo(DEADLINE.plus(MARGIN)) < 0, "answered in " + took);
        assertEquals(rowBefore, aliceRow(), "the stored row is untouched");
        app.op.heal();
        assertTrue(app.tokens().accessToken("alice").expiresAt().isAfter(app.clock.instant()));
        assertEquals(sessionsBefore, app.op.offlineSessionCount("alice"), "no offline session was killed");
        assertEquals(failedBefore, app.op.failedRefreshCount(), "no refresh was refused: no token reused");
    }

    @Test
    void aProviderThatAcceptsNoConnectionIsGivenUpAfterTheConnectTimeout() throws Exception {
        try (Blackhole blackhole = new Blackhole()) {
            OidcProvider provider = new OidcProvider(new ClientSettings(URI.create("http://127.0.0.1:"
                    + blackhole.port() + "/realms/test"), "portal", new Secret("secret-0123456789")),
                    new HttpSettings(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(30)),
                    Set.of("RS256"), app.clock);
            long started = System.nanoTime();
            ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, provider::endpoints);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofMillis(500).plus(MARGIN)) < 0, "gave up after " + took);
            assertTrue(took.compareTo(Duration.ofMillis(400)) > 0, "it did wait for the connect: " + took);
            assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
        }
    }

    /** The raw stored row of alice (sealed tokens, status, times). */
    private static List<String> aliceRow() throws Exception {
        return RawRows.dump(app.h2Url(), null, null).stream().filter(r -> r.contains("PRINCIPAL=alice")).toList();
    }

    /**
     * A listening socket that never accepts, its tiny backlog filled: the kernel drops further connection attempts,
     * which then hang until the client's connect timeout, as with a provider behind a firewall that drops packets.
     */
    static final class Blackhole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        Blackhole() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 8; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                    fillers.add(filler);
                } catch (IOException full) {
                    filler.close();
                    break;
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket filler : fillers) {
                filler.close();
            }
            server.close();
        }
    }

}
