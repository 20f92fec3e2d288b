package dev.offlineaccess.logout;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.offlineaccess.logout.LogoutTokens.claims;
import static dev.offlineaccess.logout.LogoutTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint's answers (section 2.8) and what a valid logout sets in motion. */
class BackchannelLogoutHandlerTest {
    static final String FORM = "application/x-www-form-urlencoded";

    private FakeOpenIdProvider op;
    private TestClock clock;
    private CountingEndedSessions registry;
    private final List<VerifiedLogout> revoked = new ArrayList<>();
    private OfflineGrantRevoker revoker = revoked::add;
    private BackchannelLogoutHandler handler;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.start();
        clock = op.clock();
        registry = new CountingEndedSessions(new InMemoryEndedSessions(clock));
        handler = handler(BackchannelLogoutOptions.defaults());
    }

    private BackchannelLogoutHandler handler(BackchannelLogoutOptions options) {
        LogoutTokenVerifier verifier = LogoutTokens.verifier(op, LogoutTokens.provider(op), registry, clock);
        return new BackchannelLogoutHandler(verifier, registry, logout -> revoker.markRevoked(logout), options,
                clock);
    }

    @AfterEach
    void stop() {
        op.close();
    }

    static Map<String, List<String>> form(String token) {
        return Map.of(BackchannelLogoutHandler.LOGOUT_TOKEN, List.of(token));
    }

    private BackchannelResult post(Map<String, Object> claims) {
        return handler.handle(FORM, form(sign(op, claims)));
    }

    private static void assertInvalidRequest(BackchannelResult result) throws Exception {
        assertEquals(400, result.status());
        assertEquals("no-store", result.headers().get("Cache-Control"));
        assertEquals("application/json;charset=UTF-8", result.headers().get("Content-Type"));
        Map<String, Object> body = JSONObjectUtils.parse(result.body());
        assertEquals("invalid_request", body.get("error"));
        assertTrue(body.get("error_description") instanceof String s && !s.isBlank());
        assertTrue(result.logout().isEmpty());
    }

    @Test
    void handleWhenTokenIsValidThenAnswers200NoStoreWithAnEmptyBody() {
        BackchannelResult result = post(claims(op, "sub-alice", "sid-1"));
        assertEquals(200, result.status());
        assertEquals(Map.of("Cache-Control", "no-store"), result.headers());
        assertEquals("", result.body());
        assertTrue(result.isSuccess());
        assertEquals("sid-1", result.logout().orElseThrow().sid());
    }

    @Test
    void handleWhenTokenIsValidThenRecordsTheEndingSoEveryNodeRefusesTheSession() {
        Instant login = clock.instant().minusSeconds(60);
        post(claims(op, "sub-alice", "sid-1"));
        assertTrue(registry.isEnded(op.issuer().toString(), "sub-alice", "sid-1", login));
        assertFalse(registry.isEnded(op.issuer().toString(), "sub-alice", "sid-2", login));
    }

    @Test
    void handleWhenTheContentTypeHasACharsetThenAccepts() {
        assertEquals(200, handler.handle("Application/X-WWW-Form-Urlencoded; charset=UTF-8",
                form(sign(op, claims(op, "sub-alice", "sid-1")))).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "multipart/form-data; boundary=x", "", "  "})
    void handleWhenTheContentTypeIsNotAFormThenRefuses(String contentType) throws Exception {
        assertInvalidRequest(handler.handle(contentType, form(sign(op, claims(op, "sub-alice", "sid-1")))));
        assertEquals(0, registry.records.get());
    }

    @Test
    void handleWhenTheContentTypeIsMissingThenRefuses() throws Exception {
        assertInvalidRequest(handler.handle(null, form(sign(op, claims(op, "sub-alice", "sid-1")))));
    }

    @Test
    void handleWhenTheLogoutTokenIsMissingOrEmptyThenRefuses() throws Exception {
        assertInvalidRequest(handler.handle(FORM, Map.of()));
        assertInvalidRequest(handler.handle(FORM, null));
        assertInvalidRequest(handler.handle(FORM, Map.of("logout_token", List.of())));
        assertInvalidRequest(handler.handle(FORM, Map.of("logout_token", List.of(""))));
        assertInvalidRequest(handler.handle(FORM, Map.of("logout_token", List.of("   "))));
        Map<String, List<String>> nullValue = new HashMap<>();
        nullValue.put("logout_token", null);
        assertInvalidRequest(handler.handle(FORM, nullValue));
        assertInvalidRequest(handler.handle(FORM, Map.of("id_token", List.of(sign(op, claims(op, "s", "x"))))));
    }

    @Test
    void handleWhenTheLogoutTokenIsRepeatedThenRefusesEvenIfBothAreValid() throws Exception {
        String one = sign(op, claims(op, "sub-alice", "sid-1"));
        String two = sign(op, claims(op, "sub-bob", "sid-2"));
        assertInvalidRequest(handler.handle(FORM, Map.of("logout_token", List.of(one, two))));
        assertInvalidRequest(handler.handle(FORM, Map.of("logout_token", List.of(one, one))));
        assertEquals(0, registry.jtiMarks.get());
    }

    @Test
    void handleWhenOtherParametersComeAlongThenIgnoresThem() {
        Map<String, List<String>> params = new HashMap<>(form(sign(op, claims(op, "sub-alice", "sid-1"))));
        params.put("state", List.of("x"));
        assertEquals(200, handler.handle(FORM, params).status());
    }

    @Test
    void handleWhenTheTokenIsLongerThanTheLimitThenRefusesWithoutParsing() throws Exception {
        String huge = "a".repeat(BackchannelLogoutHandler.MAX_TOKEN_CHARS + 1);
        assertInvalidRequest(handler.handle(FORM, form(huge)));
    }

    @Test
    void handleWhenTheParametersExceedTheBodyLimitThenRefuses() throws Exception {
        Map<String, List<String>> params = new HashMap<>(form(sign(op, claims(op, "sub-alice", "sid-1"))));
        params.put("padding", List.of("p".repeat(BackchannelLogoutHandler.MAX_BODY_BYTES)));
        assertInvalidRequest(handler.handle(FORM, params));
        assertEquals(0, registry.records.get());
    }

    @Test
    void handleWhenTheTokenIsInvalidThenAnswers400WithTheReasonAndRecordsNothing() throws Exception {
        BackchannelResult result = post(LogoutTokens.with(claims(op, "sub-alice", "sid-1"), "aud", "other-app"));
        assertInvalidRequest(result);
        assertTrue(result.errorDescription().contains("aud"), result.errorDescription());
        assertEquals(0, registry.records.get());
    }

    @Test
    void handleWhenTheTokenIsReplayedThenTheSecondGets400() throws Exception {
        String token = sign(op, claims(op, "sub-alice", "sid-1"));
        assertEquals(200, handler.handle(FORM, form(token)).status());
        assertInvalidRequest(handler.handle(FORM, form(token)));
        assertEquals(1, registry.records.get());
    }

    @Test
    void handleWhenAPlainLogoutThenTheStoredOfflineGrantIsLeftAlone() {
        assertEquals(200, post(claims(op, "sub-alice", "sid-1")).status());
        assertTrue(revoked.isEmpty());
    }

    @Test
    void handleWhenKeycloakRevokedOfflineAccessThenMarksTheGrantRevokedOnce() {
        BackchannelResult result = post(LogoutTokens.revoking(op, "sub-alice", "sid-1"));
        assertEquals(200, result.status());
        assertEquals(1, revoked.size());
        assertEquals("sub-alice", revoked.get(0).subject());
        assertTrue(revoked.get(0).revokeOfflineAccess());
        assertTrue(registry.isEnded(op.issuer().toString(), "sub-alice", "sid-1", clock.instant().minusSeconds(1)));
    }

    @Test
    void handleWhenRevokingTokenNamesNoSubjectThenAcceptsWithoutCallingTheRevoker() {
        assertEquals(200, post(LogoutTokens.revoking(op, null, "sid-1")).status());
        assertTrue(revoked.isEmpty());
    }

    @Test
    void handleWhenTheGrantCannotBeMarkedRevokedThenAnswers400ButStillHandsOutTheLogout() throws Exception {
        revoker = logout -> {
            throw new OfflineGrantRevocationException("token store down", null);
        };
        BackchannelResult result = post(LogoutTokens.revoking(op, "sub-alice", "sid-1"));
        assertEquals(400, result.status());
        assertEquals("temporarily_unavailable", JSONObjectUtils.parse(result.body()).get("error"));
        assertEquals("sub-alice", result.logout().orElseThrow().subject());
    }

    @Test
    void handleWhenTheEndingCannotBeRecordedThenAnswers400ButStillHandsOutTheLogout() throws Exception {
        registry.recordFails = true;
        BackchannelResult result = post(claims(op, "sub-alice", "sid-1"));
        assertEquals(400, result.status());
        assertEquals("temporarily_unavailable", JSONObjectUtils.parse(result.body()).get("error"));
        assertEquals("sid-1", result.logout().orElseThrow().sid());
    }

    @Test
    void handleWhenTheReplayCheckCannotReachTheRegistryThenAnswers400WithoutALogout() throws Exception {
        registry.down = true;
        BackchannelResult result = post(claims(op, "sub-alice", "sid-1"));
        assertEquals(400, result.status());
        assertEquals("temporarily_unavailable", JSONObjectUtils.parse(result.body()).get("error"));
        assertTrue(result.logout().isEmpty());
    }

    @Test
    void handleWhenTheProviderKeysCannotBeFetchedThenAnswers400TemporarilyUnavailable() throws Exception {
        String token = sign(op, claims(op, "sub-alice", "sid-1"));
        op.stop();
        BackchannelResult result = handler.handle(FORM, form(token));
        assertEquals(400, result.status());
        assertEquals("temporarily_unavailable", JSONObjectUtils.parse(result.body()).get("error"));
        assertEquals(0, registry.jtiMarks.get());
    }

    @Test
    void handleWhenLogoutsKeepComingThenPurgesAtMostOncePerInterval() {
        handler = handler(new BackchannelLogoutOptions(Duration.ofDays(1), Duration.ofHours(1)));
        post(claims(op, "sub-a", "sid-1"));
        post(claims(op, "sub-b", "sid-2"));
        assertEquals(1, registry.purges.get());
        clock.advance(Duration.ofMinutes(59));
        post(claims(op, "sub-c", "sid-3"));
        assertEquals(1, registry.purges.get());
        clock.advance(Duration.ofMinutes(2));
        post(claims(op, "sub-d", "sid-4"));
        assertEquals(2, registry.purges.get());
    }

    @Test
    void handleWhenPurgingFailsThenTheLogoutStillSucceeds() {
        registry.purgeFails = true;
        assertEquals(200, post(claims(op, "sub-alice", "sid-1")).status());
        assertEquals(1, registry.purges.get());
    }

    @Test
    void methodNotAllowedAnswers405WithAllowPost() {
        BackchannelResult result = BackchannelResult.methodNotAllowed();
        assertEquals(405, result.status());
        assertEquals("POST", result.headers().get("Allow"));
        assertEquals("no-store", result.headers().get("Cache-Control"));
    }

    @Test
    void notImplementedAnswers501AndBodyTooLargeAnswers400() throws Exception {
        assertEquals(501, BackchannelResult.notImplemented().status());
        assertEquals("no-store", BackchannelResult.notImplemented().headers().get("Cache-Control"));
        assertInvalidRequest(BackchannelResult.bodyTooLarge());
    }

    @Test
    void resultWhenSuccessThenHasNoErrorFields() {
        BackchannelResult result = post(claims(op, "sub-alice", "sid-1"));
        assertNull(result.error());
        assertNull(result.errorDescription());
    }
}
