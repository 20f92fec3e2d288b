package dev.offlineaccess.hardening;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.logout.LogoutTokens;
import dev.offlineaccess.servlet.OidcFilter;
import dev.offlineaccess.servlet.ServletTestAccess;
import dev.offlineaccess.session.UserSession;
import dev.offlineaccess.testing.AuthorizationRedirect;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At least 100,000 hostile inputs per endpoint the adapter owns, into the real {@link OidcFilter} called in-JVM
 * (no sockets: {@link InJvmServletCalls}), so the whole filter runs — request reading, the core, session changes,
 * pages — at thousands of requests a second: the callback, the logout path (GET and POST), the back-channel logout
 * path, and API requests with an {@code Authorization} header. Nothing may escape the filter (what would be
 * a 500 in a container), every status must be one the endpoint documents, the application behind the filter is never
 * reached by a callback or logout request and only by a bearer request with the valid token, and no page shows input
 * as markup. Inputs are seeded ({@code -Dhardening.fuzz.seed}); their number per endpoint is
 * {@code -Dhardening.fuzz.inputs}: 20,000 in the normal build, 100,000 for the documented run
 * ({@code mvn -pl adapter test -Dtest=EndpointFuzzTest -Dhardening.fuzz.inputs=100000}, see docs/security.md).
 * Throughput is printed and written to {@code target/hardening-fuzz.txt}.
 */
@Timeout(600)
class EndpointFuzzTest {
    static final int INPUTS = Integer.getInteger("hardening.fuzz.inputs", 20_000);
    static final long SEED = Long.getLong("hardening.fuzz.seed", 0x0A11_F022L);
    private static final List<String> CALLBACK_NAMES = List.of("state", "code", "iss", "error", "error_description",
            "session_state", "scope", "state", "code");
    private static final List<String> LOGOUT_NAMES = List.of("csrf", "csrf", "state", "post_logout_redirect_uri",
            "id_token_hint");

    @TempDir
    static Path dir;
    static FakeOpenIdProvider op;
    static OidcFilter filter;
    static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestClock clock = new TestClock();
        op = FakeOpenIdProvider.builder().clock(clock).accessTokenLifetime(Duration.ofHours(1)).start();
        op.addUser("alice");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", op.issuer().toString());
        config.put("client-id", op.clientId());
        config.put("client-secret", op.clientSecret());
        config.put("principal-claim", "preferred_username");
        config.put("bearer-paths", List.of("/secured/api/*"));
        config.put("backchannel-logout-path", "/secured/backchannel-logout");
        config.put("store", Map.of("h2-file", dir.resolve("tokens").toString(), "development-mode", true,
                "keep-alive", Map.of("enabled", false)));
        Path file = dir.resolve("oidc.json");
        Files.writeString(file, JSONObjectUtils.toJSONString(config), StandardCharsets.UTF_8);
        filter = ServletTestAccess.filter(clock);
        filter.init(InJvmServletCalls.filterConfig(InJvmServletCalls.context(), file.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        filter.destroy();
        op.close();
        Files.write(Path.of("target", "hardening-fuzz.txt"), report, StandardCharsets.UTF_8);
    }

    /** What the filter did with one request. */
    private record Outcome(InJvmServletCalls.Response response, boolean reachedApplication, Throwable escaped) {
    }

    private static Outcome call(InJvmServletCalls.Request request) {
        InJvmServletCalls.Response response = new InJvmServletCalls.Response();
        InJvmServletCalls.Chain chain = new InJvmServletCalls.Chain();
        try {
            filter.doFilter(request.api(), response.api(), chain.api);
            return new Outcome(response, chain.calls > 0, null);
        } catch (Throwable t) {
            return new Outcome(response, chain.calls > 0, t);
        }
    }

    /** Checks shared by every endpoint; returns a failure description or null. */
    private static String problem(Outcome outcome, Set<Integer> allowed) {
        if (outcome.escaped() != null) {
            return "escaped: " + outcome.escaped();
        }
        if (!allowed.contains(outcome.response().status)) {
            return "status " + outcome.response().status;
        }
        String body = outcome.response().body.toString(StandardCharsets.UTF_8);
        if (body.contains(FuzzInputs.MARKUP)) {
            return "the page reflects input as markup";
        }
        return null;
    }

    private static void record(String endpoint, int inputs, long nanos, List<String> problems) {
        double seconds = nanos / 1e9;
        String line = String.format(java.util.Locale.ROOT, "%s: %,d inputs in %.1f s = %,.0f/s, problems: %d",
                endpoint, inputs, seconds, inputs / seconds, problems.size());
        System.out.println("FUZZ " + line);
        report.add(line);
        assertTrue(inputs >= INPUTS);
        assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), line);
    }

    @Test
    void theCallbackSurvivesHostileQueries() throws Exception {
        FuzzInputs in = new FuzzInputs(SEED);
        InJvmServletCalls.Session browser = new InJvmServletCalls.Session();
        List<String> problems = new ArrayList<>();
        int deep = 0;
        long started = System.nanoTime();
        for (int i = 0; i < INPUTS; i++) {
            Map<String, String> real = new HashMap<>();
            if (in.oneIn(100)) {
                real.put("state", startSignIn(browser));
                real.put("iss", op.issuer().toString());
                deep++;
            }
            InJvmServletCalls.Request request = new InJvmServletCalls.Request();
            request.method = in.method("GET");
            request.rawPath = in.oneIn(50) ? "/secured/oidc-callback" + in.text(8) : "/secured/oidc-callback";
            request.query = in.query(CALLBACK_NAMES, real);
            request.session = in.oneIn(10) ? null : browser;
            addNoiseHeaders(in, request);
            Outcome outcome = call(request);
            String problem = problem(outcome, request.rawPath.equals("/secured/oidc-callback")
                    ? Set.of(400, 403, 502, 503) : Set.of(200, 302, 400, 401, 403, 502, 503));
            if (problem == null && request.rawPath.equals("/secured/oidc-callback") && outcome.reachedApplication()) {
                problem = "a callback reached the application";
            }
            if (problem != null) {
                problems.add(problem + " for " + request.method + " " + request.rawPath + "?" + describe(request.query));
            }
        }
        record("callback (" + deep + " with a live state, exchanged at the provider)", INPUTS,
                System.nanoTime() - started, problems);
        assertTrue(deep > INPUTS / 200, "inputs that passed the state check: " + deep);
    }

    @Test
    void theLogoutPathSurvivesHostileGetsAndPosts() throws Exception {
        FuzzInputs in = new FuzzInputs(SEED + 1);
        InJvmServletCalls.Session signedIn = signedInBrowser();
        String csrf = ((UserSession) signedIn.attributes.get(ServletTestAccess.USER_ATTRIBUTE)).csrfToken();
        List<String> problems = new ArrayList<>();
        int loggedOut = 0;
        long started = System.nanoTime();
        for (int i = 0; i < INPUTS; i++) {
            InJvmServletCalls.Request request = new InJvmServletCalls.Request();
            request.method = in.method(in.oneIn(3) ? "GET" : "POST");
            request.rawPath = "/secured/logout";
            Map<String, String> real = Map.of("csrf", in.oneIn(100) ? csrf : in.mutate(csrf));
            request.form = in.form(LOGOUT_NAMES, real);
            request.query = in.query(LOGOUT_NAMES, real);
            int who = in.random().nextInt(10);
            request.session = who < 7 ? signedIn.copy() : who < 9 ? null : new InJvmServletCalls.Session();
            addNoiseHeaders(in, request);
            Outcome outcome = call(request);
            String problem = problem(outcome, Set.of(200, 302, 403));
            boolean postedTheToken = request.form.containsKey("csrf") && request.form.get("csrf").length > 0
                    && csrf.equals(request.form.get("csrf")[0]);
            if (problem == null && outcome.response().status == 302) {
                loggedOut++;
                if (!(postedTheToken && "POST".equals(request.method) && request.session != null
                        && request.session.invalid)) {
                    problem = "logged out without a POST of the right token";
                }
            }
            if (problem == null && outcome.reachedApplication()) {
                problem = "a logout request reached the application";
            }
            if (problem != null) {
                problems.add(problem + " for " + request.method + " form " + request.form.keySet());
            }
        }
        record("logout GET/POST (" + loggedOut + " legitimate logouts)", INPUTS, System.nanoTime() - started,
                problems);
        assertTrue(loggedOut > 0, "some inputs carried the right token");
    }

    @Test
    void apiRequestsSurviveHostileAuthorizationHeaders() throws Exception {
        FuzzInputs in = new FuzzInputs(SEED + 2);
        String valid = op.accessTokenFor("alice");
        List<String> problems = new ArrayList<>();
        assertEquals(true, call(bearerRequest(List.of("Bearer " + valid))).reachedApplication(), "warm-up");
        op.stop();   // opaque tokens are introspected: connection refused is the fastest provider answer
        int passed = 0;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < INPUTS; i++) {
                List<String> values = new ArrayList<>();
                for (int n = in.oneIn(20) ? 2 + in.random().nextInt(2) : 1; n > 0; n--) {
                    values.add(switch (in.random().nextInt(6)) {
                        case 0 -> in.text(200);
                        case 1 -> "Bearer " + in.text(300);
                        case 2, 3 -> in.mutate("Bearer " + valid);
                        case 4 -> "Bearer " + in.mutate(valid);
                        default -> in.oneIn(50) ? "Bearer " + valid : "Basic " + in.text(40);
                    });
                }
                InJvmServletCalls.Request request = bearerRequest(values);
                request.rawPath = "/secured/api/" + (in.oneIn(10) ? in.text(20) : "customers");
                request.method = in.method("GET");
                Outcome outcome = call(request);
                String problem = problem(outcome, Set.of(200, 400, 401, 403, 503));
                String only = values.size() == 1 ? values.get(0).strip() : "";
                boolean validOnly = only.regionMatches(true, 0, "Bearer", 0, 6)
                        && only.substring(6).strip().equals(valid);
                if (problem == null && outcome.reachedApplication()) {
                    passed++;
                    if (!validOnly) {
                        problem = "authenticated a request without the valid token";
                    }
                }
                if (problem == null && !outcome.reachedApplication() && outcome.response().status == 200) {
                    problem = "200 without reaching the application";
                }
                if (problem != null) {
                    problems.add(problem + " for " + values.size() + " header(s) of " + values.get(0).length()
                            + " chars");
                }
            }
        } finally {
            op.restart();
        }
        record("bearer header (" + passed + " authenticated with the valid token)", INPUTS,
                System.nanoTime() - started, problems);
        assertTrue(passed > 0);
    }

    @Test
    void theBackchannelLogoutPathSurvivesHostileRequests() {
        FuzzInputs in = new FuzzInputs(SEED + 3);
        String template = LogoutTokens.sign(op, LogoutTokens.claims(op, "sub-alice", "sid-1"));
        String[] contentTypes = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
            "application/json", "text/plain", "", null, "application/x-www-form-urlencoded;;;", "\u0000"};
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        long started = System.nanoTime();
        for (int i = 0; i < INPUTS; i++) {
            String token = switch (in.random().nextInt(5)) {
                case 0 -> in.text(300);
                case 1, 2 -> in.mutate(template);
                case 3 -> in.oneIn(20) ? LogoutTokens.sign(op, LogoutTokens.claims(op, "sub-alice", "sid-" + i))
                        : in.mutate(template.substring(0, template.lastIndexOf('.') + 1)) + in.text(40);
                default -> String.join(".", in.text(30), in.text(60), in.text(40));
            };
            InJvmServletCalls.Request request = new InJvmServletCalls.Request();
            request.rawPath = "/secured/backchannel-logout";
            request.method = in.method("POST");
            request.contentType = contentTypes[in.random().nextInt(contentTypes.length)];
            String encoded = java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
            String body = switch (in.random().nextInt(12)) {
                case 0 -> in.text(200);
                case 1 -> "logout_token=" + encoded + "&logout_token=" + encoded;
                case 2 -> in.text(10) + "=" + encoded;
                case 3 -> "logout_token=" + token;
                case 4 -> "";
                default -> "logout_token=" + encoded + (in.oneIn(10) ? "&" + in.text(30) : "");
            };
            request.body = body.getBytes(StandardCharsets.UTF_8);
            if (in.oneIn(50)) {
                request.declaredLength = in.oneIn(2) ? -1L : 1L << 40;
            }
            request.session = in.oneIn(10) ? new InJvmServletCalls.Session() : null;
            Outcome outcome = call(request);
            if (outcome.response().status == 200 && outcome.escaped() == null) {
                accepted++;
            }
            String problem = problem(outcome, Set.of(200, 400, 405, 413, 415, 501, 503));
            if (problem == null && outcome.reachedApplication()) {
                problem = "a back-channel request reached the application";
            }
            if (problem != null) {
                problems.add(problem + " for " + request.method + " " + request.contentType + " body of "
                        + request.body.length + " bytes");
            }
        }
        record("back-channel logout (" + accepted + " valid tokens accepted)", INPUTS, System.nanoTime() - started,
                problems);
        assertTrue(accepted > 0);
    }

    /** Starts a sign-in in {@code browser} through the filter and returns its state. */
    private static String startSignIn(InJvmServletCalls.Session browser) {
        InJvmServletCalls.Request start = new InJvmServletCalls.Request();
        start.rawPath = "/secured/page";
        start.session = browser;
        Outcome outcome = call(start);
        String location = outcome.response().headers.get("location");
        assertNotNull(location, "the sign-in starts with a redirect");
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            if (pair.startsWith("state=")) {
                return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no state");
    }

    /** A browser signed in through the filter (start, provider, callback). */
    private static InJvmServletCalls.Session signedInBrowser() {
        InJvmServletCalls.Session browser = new InJvmServletCalls.Session();
        InJvmServletCalls.Request start = new InJvmServletCalls.Request();
        start.session = browser;
        AuthorizationRedirect back = op.authorize(URI.create(call(start).response().headers.get("location")));
        InJvmServletCalls.Request callback = new InJvmServletCalls.Request();
        callback.rawPath = "/secured/oidc-callback";
        callback.query = back.location().getRawQuery();
        callback.session = start.session;
        assertEquals(302, call(callback).response().status);
        assertTrue(callback.session.attributes.get(ServletTestAccess.USER_ATTRIBUTE) instanceof UserSession);
        return callback.session;
    }

    private static InJvmServletCalls.Request bearerRequest(List<String> authorization) {
        InJvmServletCalls.Request request = new InJvmServletCalls.Request();
        request.rawPath = "/secured/api/customers";
        request.headers.put("Authorization", authorization);
        return request;
    }

    private static void addNoiseHeaders(FuzzInputs in, InJvmServletCalls.Request request) {
        if (in.oneIn(5)) {
            request.headers.put("Accept", List.of(in.oneIn(2) ? "application/json" : in.text(40)));
        }
        if (in.oneIn(20)) {
            request.headers.put("X-Requested-With", List.of("XMLHttpRequest"));
        }
        if (in.oneIn(20)) {
            request.headers.put("Authorization", List.of(in.text(60)));
        }
    }

    private static String describe(String text) {
        return text == null ? "null" : text.length() + " chars starting '" + text.substring(0, Math.min(40,
                text.length())).replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
