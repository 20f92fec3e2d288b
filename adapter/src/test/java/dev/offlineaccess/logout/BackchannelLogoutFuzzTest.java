package dev.offlineaccess.logout;

import com.nimbusds.jose.util.Base64URL;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.offlineaccess.logout.BackchannelLogoutHandlerTest.FORM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of hostile requests (seeded, so a failure replays): random bytes, random JWT-shaped strings with
 * hostile headers and payloads, mutations of a real token, odd parameter maps and content types. Every one must
 * get a {@code 400} with a JSON error, and none may throw. (This found nimbus' {@code NullPointerException} on a
 * {@code null} JWT header, now refused before nimbus parses it.)
 */
class BackchannelLogoutFuzzTest {
    /** Fixed, so that a failure replays; {@code -Dbackchannel.fuzz.seed=<n>} explores further. */
    private static final long SEED = Long.getLong("backchannel.fuzz.seed", 0x0FF1_14E5L);
    private static final int ROUNDS = 1000;
    private static final String[] HEADERS = {
        "{\"alg\":\"none\"}", "{\"alg\":\"RS256\"}", "{\"alg\":\"RS256\",\"kid\":\"%s\"}", "{\"alg\":\"HS256\"}",
        "{\"alg\":\"HS512\",\"kid\":\"%s\"}", "{\"alg\":\"ES256\",\"kid\":\"%s\"}", "{\"alg\":\"PS256\"}",
        "{\"alg\":\"RS256\",\"crit\":[\"exp\"],\"exp\":1}", "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}",
        "{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}", "{\"alg\":\"RS256\",\"jku\":\"http://127.0.0.1:1/keys\"}",
        "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}}", "{\"alg\":42}",
        "{\"alg\":null}", "{}", "[]", "null", "\"RS256\"", "{\"alg\":\"RS256\",\"typ\":\"logout+jwt\",\"b64\":false,"
        + "\"crit\":[\"b64\"]}", "{\"alg\":\"RS256\",\"typ\":{\"nested\":true}}", "{\"alg\":\"RS256\"", "",
    };
    private static final String[] PAYLOADS = {
        "{}", "[]", "null", "1e400", "\"text\"", "{\"iss\":%s}", "{\"iat\":\"%s\"}", "{\"iat\":-1e308,\"exp\":1e308}",
        "{\"events\":\"%s\",\"jti\":[1,2]}", "{\"aud\":{\"a\":[]}, \"sub\":{}}", "{\"iss\":\"x\"", "\u0000\u0001",
    };
    private static final String[] CONTENT_TYPES = {
        FORM, FORM + ";charset=ISO-8859-1", "application/x-www-form-urlencoded ;", "APPLICATION/X-WWW-FORM-URLENCODED",
        "application/jwt", "application/x-www-form-urlencodedX", ";", "\u0000", null,
    };

    private FakeOpenIdProvider op;
    private BackchannelLogoutHandler handler;
    private final Random random = new Random(SEED);
    private String validToken;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.start();
        InMemoryEndedSessions registry = new InMemoryEndedSessions(op.clock());
        handler = new BackchannelLogoutHandler(LogoutTokens.verifier(op, LogoutTokens.provider(op), registry,
                op.clock()), registry, OfflineGrantRevoker.NONE, BackchannelLogoutOptions.defaults(), op.clock());
        validToken = LogoutTokens.sign(op, LogoutTokens.revoking(op, "sub-alice", "sid-1"));
        // accepted once, so that a mutation which decodes to the same token is a replay, not a success
        assertEquals(200, handler.handle(FORM, BackchannelLogoutHandlerTest.form(validToken)).status());
    }

    @AfterEach
    void stop() {
        op.close();
    }

    @Test
    void handleWhenTheTokenIsRandomTextThenAlways400() {
        for (int i = 0; i < ROUNDS; i++) {
            assertRefused(FORM, token(randomText(random.nextInt(400))), "random text " + i);
        }
    }

    @Test
    void handleWhenTheTokenIsJwtShapedWithHostileHeadersAndPayloadsThenAlways400() {
        for (int i = 0; i < ROUNDS * 2; i++) {
            String header = String.format(HEADERS[random.nextInt(HEADERS.length)], randomText(8));
            String payload = random.nextInt(5) == 0 ? deepNesting(random.nextInt(5000))
                    : String.format(PAYLOADS[random.nextInt(PAYLOADS.length)], randomText(12));
            StringBuilder jwt = new StringBuilder(b64(header)).append('.').append(b64(payload));
            int extraSegments = random.nextInt(5);
            for (int s = 0; s < extraSegments; s++) {
                jwt.append('.').append(random.nextBoolean() ? b64(randomText(random.nextInt(300))) : "");
            }
            assertRefused(FORM, token(jwt.toString()), "jwt-shaped " + i);
        }
    }

    @Test
    void handleWhenARealTokenIsMutatedThenAlways400() {
        for (int i = 0; i < ROUNDS; i++) {
            assertRefused(FORM, token(mutate(validToken)), "mutation " + i);
        }
    }

    @Test
    void handleWhenParametersAndContentTypesAreOddThenAlways400() {
        for (int i = 0; i < ROUNDS; i++) {
            Map<String, List<String>> params = new HashMap<>();
            int names = random.nextInt(4);
            for (int n = 0; n < names; n++) {
                List<String> values = new ArrayList<>();
                int count = random.nextInt(3);
                for (int v = 0; v < count; v++) {
                    values.add(random.nextInt(10) == 0 ? null : randomText(random.nextInt(200)));
                }
                params.put(random.nextBoolean() ? BackchannelLogoutHandler.LOGOUT_TOKEN : randomText(6), values);
            }
            if (random.nextInt(4) == 0) {
                params.put(BackchannelLogoutHandler.LOGOUT_TOKEN, List.of(validToken, validToken));
            }
            assertRefused(CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)], random.nextInt(20) == 0 ? null : params,
                    "params " + i);
        }
    }

    private void assertRefused(String contentType, Map<String, List<String>> params, String what) {
        BackchannelResult result = handler.handle(contentType, params);
        assertEquals(400, result.status(), what);
        assertTrue(result.body().startsWith("{\"error\":\""), what);
        assertTrue(result.logout().isEmpty(), what);
    }

    private static Map<String, List<String>> token(String token) {
        return Map.of(BackchannelLogoutHandler.LOGOUT_TOKEN, List.of(token));
    }

    private String randomText(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(switch (random.nextInt(4)) {
                case 0 -> (char) (' ' + random.nextInt(95));
                case 1 -> "-_.=+/{}[]\":,"
                        .charAt(random.nextInt(13));
                case 2 -> (char) random.nextInt(0x3000);
                default -> (char) ('a' + random.nextInt(26));
            });
        }
        return out.toString();
    }

    private static String deepNesting(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String mutate(String token) {
        StringBuilder out = new StringBuilder(token);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && out.length() > 1; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(5)) {
                case 0 -> out.setCharAt(at, "ABCabc019-_.".charAt(random.nextInt(12)));
                case 1 -> out.deleteCharAt(at);
                case 2 -> out.insert(at, '.');
                case 3 -> out.setLength(at);
                default -> out.insert(at, randomText(3));
            }
        }
        return out.toString();
    }
}
