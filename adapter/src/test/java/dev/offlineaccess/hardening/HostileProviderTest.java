package dev.offlineaccess.hardening;

import dev.offlineaccess.login.LoginFailure;
import dev.offlineaccess.testing.AuthorizationRedirect;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.IdTokenFault;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.offlineaccess.hardening.Browsing.assertAdapterPage;
import static dev.offlineaccess.hardening.Browsing.assertNotSignedIn;
import static dev.offlineaccess.hardening.Browsing.line;
import static dev.offlineaccess.hardening.Browsing.location;
import static dev.offlineaccess.hardening.Browsing.startSignIn;
import static dev.offlineaccess.hardening.Browsing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile provider against the real filter: every negative case of the OpenID Foundation's RP certification
 * tests for the code flow (plus RFC 9207's {@code iss}, a wrong {@code state} and a replayed code), each through a
 * browser that asked for offline access. Each must end on the adapter's page with a clear explanation and status,
 * with nobody signed in and nothing stored (the store's count and the raw table); afterwards an honest sign-in in
 * the same browser works. Key rotation at the provider must be followed.
 *
 * <p>{@code role-claims} names a claim no token carries, so that every sign-in also fetches UserInfo (whose
 * {@code sub} must match).
 */
class HostileProviderTest {
    @TempDir
    static Path dir;
    static AdapterUnderTest app;
    /** The adapter re-fetches the provider's keys for an unknown {@code kid} at most this often (JwksKeys). */
    static final Duration KEY_REFETCH_THROTTLE = Duration.ofSeconds(30);

    @BeforeAll
    static void start() throws Exception {
        app = AdapterUnderTest.builder(dir).configure(config -> config.put("role-claims", List.of("groups")))
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        app.close();
    }

    private long storedBefore;
    private long rawRowsBefore;

    @BeforeEach
    void countGrants() throws Exception {
        app.clock.advance(KEY_REFETCH_THROTTLE);
        app.tokens().forget("alice");
        storedBefore = app.tokens().count();
        rawRowsBefore = RawRows.grantRows(app.h2Url(), null, null);
    }

    @AfterEach
    void heal() {
        app.op.heal();
    }

    /** What the provider does wrong, and the page the user must get. */
    enum Hostile {
        WRONG_NONCE(IdTokenFault.WRONG_NONCE, LoginFailure.INVALID_ID_TOKEN, "NONCE_MISMATCH"),
        MISSING_NONCE(IdTokenFault.MISSING_NONCE, LoginFailure.INVALID_ID_TOKEN, "NONCE_MISMATCH"),
        WRONG_ISSUER(IdTokenFault.WRONG_ISSUER, LoginFailure.INVALID_ID_TOKEN, "WRONG_ISSUER"),
        WRONG_AUDIENCE(IdTokenFault.WRONG_AUDIENCE, LoginFailure.INVALID_ID_TOKEN, "WRONG_AUDIENCE"),
        EXTRA_AUDIENCE_WITHOUT_AZP(IdTokenFault.EXTRA_AUDIENCE_WITHOUT_AZP, LoginFailure.INVALID_ID_TOKEN,
                "AZP_MISSING_OR_WRONG"),
        WRONG_AZP(IdTokenFault.WRONG_AZP, LoginFailure.INVALID_ID_TOKEN, "AZP_MISSING_OR_WRONG"),
        ALG_NONE(IdTokenFault.ALG_NONE, LoginFailure.INVALID_ID_TOKEN, "ALG_NOT_ALLOWED"),
        HS256_WITH_THE_CLIENT_SECRET(IdTokenFault.HS256, LoginFailure.INVALID_ID_TOKEN, "ALG_NOT_ALLOWED"),
        BAD_SIGNATURE(IdTokenFault.BAD_SIGNATURE, LoginFailure.INVALID_ID_TOKEN, "BAD_SIGNATURE"),
        /** With several keys published (one rotation before), the token names a key the JWKS never had. */
        UNKNOWN_KID_AMONG_SEVERAL_KEYS(IdTokenFault.UNKNOWN_KID, LoginFailure.INVALID_ID_TOKEN, "UNKNOWN_KEY") {
            @Override
            Page run(WebClient browser) throws IOException {
                app.op.rotateSigningKey();
                assertTrue(app.op.publishedKeyIds().size() >= 2);
                return super.run(browser);
            }
        },
        EXPIRED(IdTokenFault.EXPIRED, LoginFailure.INVALID_ID_TOKEN, "EXPIRED"),
        ISSUED_IN_THE_FUTURE(IdTokenFault.ISSUED_IN_FUTURE, LoginFailure.INVALID_ID_TOKEN, "ISSUED_IN_FUTURE"),
        USERINFO_OF_ANOTHER_SUBJECT(null, LoginFailure.INVALID_USERINFO, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                app.op.userInfoSubjectMismatch(true);
                return super.run(browser);
            }
        },
        /** RFC 9207: the authorization response names another issuer (mix-up attack). */
        CALLBACK_ISS_OF_ANOTHER_ISSUER(null, LoginFailure.ISSUER_MISMATCH, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                app.op.wrongCallbackIssuer(true);
                return super.run(browser);
            }
        },
        /** RFC 9207: the provider advertises the parameter, the response lacks it. */
        CALLBACK_ISS_MISSING(null, LoginFailure.ISSUER_MISMATCH, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                AuthorizationRedirect real = startSignIn(app, browser, OFFLINE_PAGE);
                return browser.getPage(callback("state=" + real.state() + "&code=" + real.code()));
            }
        },
        CALLBACK_ISS_REPEATED(null, LoginFailure.ISSUER_MISMATCH, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                AuthorizationRedirect real = startSignIn(app, browser, OFFLINE_PAGE);
                return browser.getPage(callback("state=" + real.state() + "&code=" + real.code() + "&" + iss()
                        + "&" + iss()));
            }
        },
        WRONG_STATE(null, LoginFailure.UNKNOWN_STATE, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                AuthorizationRedirect real = startSignIn(app, browser, OFFLINE_PAGE);
                return browser.getPage(callback("state=" + real.state() + "x&code=" + real.code() + "&" + iss()));
            }
        },
        MISSING_STATE(null, LoginFailure.MISSING_STATE, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                AuthorizationRedirect real = startSignIn(app, browser, OFFLINE_PAGE);
                return browser.getPage(callback("code=" + real.code() + "&" + iss()));
            }
        },
        /** A state from another browser's sign-in: login CSRF. */
        STATE_OF_ANOTHER_BROWSER(null, LoginFailure.UNKNOWN_STATE, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                AuthorizationRedirect victims = startSignIn(app, app.browser(), OFFLINE_PAGE);
                startSignIn(app, browser, OFFLINE_PAGE);
                return browser.getPage(victims.location().toString());
            }
        },
        /** A code already exchanged by another sign-in, presented with this browser's own fresh state. */
        REPLAYED_CODE(null, LoginFailure.CODE_REJECTED, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                WebClient victim = app.browser();
                AuthorizationRedirect used = startSignIn(app, victim, "/secured/page");
                victim.getPage(used.location().toString());
                app.tokens().forget("alice");
                AuthorizationRedirect fresh = startSignIn(app, browser, OFFLINE_PAGE);
                return browser.getPage(callback("state=" + fresh.state() + "&code=" + used.code() + "&" + iss()));
            }
        },
        /** The whole callback URL sent twice: the state works once. */
        REPLAYED_CALLBACK(null, LoginFailure.UNKNOWN_STATE, null) {
            @Override
            Page run(WebClient browser) throws IOException {
                WebClient first = app.browser();
                AuthorizationRedirect redirect = startSignIn(app, first, "/secured/page");
                first.getPage(redirect.location().toString());
                return first.getPage(redirect.location().toString());
            }

            @Override
            boolean signsNobodyIn() {
                return false;
            }
        };

        static final String OFFLINE_PAGE = "/secured/page?scope=offline_access";
        private final IdTokenFault fault;
        final LoginFailure failure;
        final String detail;

        Hostile(IdTokenFault fault, LoginFailure failure, String detail) {
            this.fault = fault;
            this.failure = failure;
            this.detail = detail;
        }

        /** Runs the attack in {@code browser} and returns the page the user ends on. */
        Page run(WebClient browser) throws IOException {
            if (fault != null) {
                app.op.idTokenFault(fault);
            }
            return browser.getPage(app.url(OFFLINE_PAGE));
        }

        /** Whether the browser the page was shown in must be signed out (not so when it legitimately signed in before). */
        boolean signsNobodyIn() {
            return true;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Hostile.class)
    void everyHostileAnswerIsRefusedWithAClearPageNoSessionAndNothingStored(Hostile attack) throws Exception {
        WebClient browser = app.browser();
        long tokenRequests = app.op.requestCount(Endpoint.TOKEN);

        Page page = attack.run(browser);

        assertAdapterPage(app, page, attack.failure.status(), attack.failure.name());
        assertTrue(text(page).contains(Pages.escaped(attack.failure.explanation())), text(page));
        if (attack.detail != null) {
            assertTrue(text(page).contains(attack.detail), text(page));
        }
        if (attack.signsNobodyIn()) {
            assertNotSignedIn(app, browser);
        }
        assertEquals(storedBefore, app.tokens().count(), "nothing stored");
        assertEquals(rawRowsBefore, RawRows.grantRows(app.h2Url(), null, null), "no row written");
        assertTrue(app.tokens().find("alice").isEmpty());
        if (attack.fault != null) {
            assertTrue(app.op.requestCount(Endpoint.TOKEN) > tokenRequests,
                    "the provider did issue tokens: the adapter refused them");
        }

        app.op.heal();
        Page honest = browser.getPage(app.url(Hostile.OFFLINE_PAGE));
        assertEquals("alice", line(honest, "user"), "an honest sign-in in the same browser works afterwards");
        assertEquals("true", line(honest, "offline"));
    }

    @Test
    void aRotatedSigningKeyIsFollowedAtTheNextSignIn() throws Exception {
        String before = app.op.currentKeyId();
        assertEquals("alice", line(app.browser().getPage(app.url("/secured/page")), "user"));
        long jwksFetches = app.op.requestCount(Endpoint.JWKS);

        app.clock.advance(KEY_REFETCH_THROTTLE);
        String rotated = app.op.rotateSigningKey();
        assertNotEquals(before, rotated);
        assertEquals("alice", line(app.browser().getPage(app.url("/secured/page")), "user"));
        assertEquals(jwksFetches + 1, app.op.requestCount(Endpoint.JWKS), "the new key was fetched, once");

        app.clock.advance(KEY_REFETCH_THROTTLE);
        app.op.rotateSigningKey();
        app.op.retireOldSigningKeys();
        Page again = app.browser().getPage(app.url("/secured/page?scope=offline_access"));
        assertEquals("alice", line(again, "user"), "old keys gone, only a new one: still followed");
        assertEquals("true", line(again, "offline"));
    }

    /**
     * The throttle that keeps made-up {@code kid}s from making the adapter hammer the provider also delays a real
     * rotation: within 30 s of the last fetch of the keys, a token signed with a brand-new key is refused (and
     * nothing is stored); once 30 s have passed since that fetch, the same sign-in works.
     */
    @Test
    void aKeyRotatedWithin30SecondsOfTheLastKeyFetchIsFollowedAfterThoseSeconds() throws Exception {
        app.clock.advance(KEY_REFETCH_THROTTLE);
        app.op.rotateSigningKey();
        assertEquals("alice", line(app.browser().getPage(app.url("/secured/page")), "user"), "fetched now");

        app.op.rotateSigningKey();
        WebClient browser = app.browser();
        Page refused = browser.getPage(app.url("/secured/page?scope=offline_access"));
        assertAdapterPage(app, refused, 502, "INVALID_ID_TOKEN");
        assertTrue(text(refused).contains("UNKNOWN_KEY"));
        assertNotSignedIn(app, browser);
        assertTrue(app.tokens().find("alice").isEmpty());

        app.clock.advance(KEY_REFETCH_THROTTLE);
        assertEquals("alice", line(browser.getPage(app.url("/secured/page")), "user"));
    }

    @Test
    void aRefreshedIdTokenForAnotherSubjectEndsTheSessionInsteadOfSwitchingUsers() throws Exception {
        WebClient browser = app.browser();
        Page first = browser.getPage(app.url("/secured/page"));
        assertEquals("alice", line(first, "user"));
        long signIns = app.op.requestCount(Endpoint.AUTHORIZATION);

        app.op.idTokenFault(IdTokenFault.OTHER_SUBJECT);
        app.clock.advance(Duration.ofMinutes(6));
        String next = location(browser, app.url("/secured/page"));

        assertTrue(next.startsWith(app.op.endpoint(Endpoint.AUTHORIZATION).toString()), next);
        assertNotSignedIn(app, browser);
        assertEquals(signIns, app.op.requestCount(Endpoint.AUTHORIZATION), "only redirected, not yet signed in");
    }

    @Test
    void everyHostileCaseOfTheIssueHasACase() {
        List<IdTokenFault> covered = java.util.Arrays.stream(Hostile.values()).map(h -> h.fault)
                .filter(java.util.Objects::nonNull).toList();
        for (IdTokenFault fault : IdTokenFault.values()) {
            assertTrue(covered.contains(fault) || fault == IdTokenFault.OTHER_SUBJECT,
                    () -> fault + " has no case (OTHER_SUBJECT is the refresh test)");
        }
    }

    private static String callback(String query) {
        return app.url("/secured/oidc-callback?" + query);
    }

    private static String iss() {
        return "iss=" + URLEncoder.encode(app.op.issuer().toString(), StandardCharsets.UTF_8);
    }

    /** The page text as the adapter escapes it. */
    static final class Pages {
        private Pages() {
        }

        static String escaped(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }
    }
}
