package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.offlineaccess.bearer.BearerResult.Authenticated;
import dev.offlineaccess.bearer.BearerResult.Challenge;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.provider.OidcProvider;

/**
 * The cache of admitted JWTs ({@link VerifiedJwts}) in {@link BearerAuthenticator}, over the real provider facade and
 * the fake provider. Full checks are counted by wrapping the verifier, so "verified once" is observed, not assumed;
 * "the same answer as the full check" is compared with an authenticator whose cache is off.
 */
class BearerJwtCacheTest extends FakeProviderFixture {
    private OidcProvider provider;
    private CountingVerifier fullChecks;

    /** The provider's verifier, counting the JWTs it is asked to check in full. */
    private static final class CountingVerifier implements TokenVerifier {
        private final TokenVerifier provider;
        private final AtomicInteger jwts = new AtomicInteger();

        CountingVerifier(TokenVerifier provider) {
            this.provider = provider;
        }

        @Override
        public TokenCheck verifyJwt(String jwt, String audience) {
            jwts.incrementAndGet();
            return provider.verifyJwt(jwt, audience);
        }

        @Override
        public TokenCheck introspect(String token) {
            return provider.introspect(token);
        }

        @Override
        public long keySetGeneration() {
            return provider.keySetGeneration();
        }
    }

    @BeforeEach
    void provider() {
        provider = OidcProvider.create(TestSettings.settings(op.clientSettings(), null), clock);
        fullChecks = new CountingVerifier(new ProviderTokenVerifier(provider));
        bearer = cached(100);
    }

    /** A new token of alice's, admitted once (so now cached), as its header value. */
    private String admitted() {
        String header = "Bearer " + op.accessTokenFor("alice");
        authenticated(bearer.authenticate(header));
        return header;
    }

    private BearerAuthenticator cached(int jwtCacheSize) {
        OidcSettings settings = TestSettings.settings(op.clientSettings(), null, jwtCacheSize);
        return new BearerAuthenticator(BearerPolicy.from(settings), fullChecks, clock);
    }

    /** The same provider (and so the same cached key set), every JWT checked in full. */
    private BearerAuthenticator fullCheckOnly() {
        OidcSettings settings = TestSettings.settings(op.clientSettings(), null, 0);
        return new BearerAuthenticator(BearerPolicy.from(settings), new ProviderTokenVerifier(provider), clock);
    }

    @Test
    void whenATokenIsPresentedAgainThenItIsVerifiedOnceAndAnsweredAsByTheFullCheck() {
        String header = "Bearer " + op.accessTokenFor("alice");

        Authenticated first = authenticated(bearer.authenticate(header));
        for (int i = 0; i < 5; i++) {
            assertEquals(first, bearer.authenticate(header));
        }

        assertEquals(1, fullChecks.jwts.get());
        assertEquals(1, bearer.verifiedJwts().size());
        assertEquals(fullCheckOnly().authenticate(header), first);
    }

    @Test
    void whenACachedTokenExpiresThenItIsRefusedWithTheSame401AsTheFullCheckAndDropped() {
        String header = admitted();

        clock.advance(Duration.ofSeconds(60 + 10 + 1));   // lifetime + clock skew + 1
        BearerResult answer = bearer.authenticate(header);

        assertInvalidToken(answer, "The access token expired");
        assertEquals(fullCheckOnly().authenticate(header), answer);
        assertEquals(0, bearer.verifiedJwts().size());
    }

    @Test
    void whenACachedTokenIsPastExpButWithinTheClockSkewThenTheFullCheckDecidesAndAdmitsIt() {
        String header = admitted();

        clock.advance(Duration.ofSeconds(59));
        authenticated(bearer.authenticate(header));
        assertEquals(1, fullChecks.jwts.get(), "before exp: from the cache");

        clock.advance(Duration.ofSeconds(6));   // 5 s past exp, within the 10 s skew
        authenticated(bearer.authenticate(header));
        assertEquals(2, fullChecks.jwts.get(), "past exp: the full check applies the skew");
    }

    @Test
    void whenTheClockIsBeforeTheTokensNbfThenItIsNotServedFromTheCache() {
        Map<String, Object> claims = claims("customer-portal", "customer-portal");
        claims.put("nbf", Date.from(clock.instant()));
        String header = "Bearer " + op.signJwt(claims);
        authenticated(bearer.authenticate(header));

        clock.advance(Duration.ofSeconds(-5));   // before nbf, within the 10 s skew
        authenticated(bearer.authenticate(header));

        assertEquals(2, fullChecks.jwts.get());
    }

    @Test
    void whenOneCharacterOfTheTokenChangesThenTheCachedAnswerIsNeverServed() {
        String token = op.accessTokenFor("alice");
        authenticated(bearer.authenticate("Bearer " + token));

        for (int at : new int[] {token.indexOf('.') + 10, token.lastIndexOf('.') + 10}) {   // payload, signature
            String changed = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
            int before = fullChecks.jwts.get();

            assertInvalidToken(bearer.authenticate("Bearer " + changed), "The access token signature is invalid");
            assertEquals(before + 1, fullChecks.jwts.get(), "checked in full");
        }
        assertEquals(1, bearer.verifiedJwts().size());
    }

    @Test
    void whenATokenIsRejectedThenItIsRejectedEveryTimeAndNeverCached() {
        String[] parts = op.accessTokenFor("alice").split("\\.");
        String forged = parts[0] + "." + base64Url("{\"sub\":\"admin\"}") + "." + parts[2];
        Map<String, Object> claims = claims("customer-portal", "customer-portal");
        claims.remove("preferred_username");
        String nameless = op.signJwt(claims);   // genuine, but refused after the signature check

        for (int i = 0; i < 3; i++) {
            assertInvalidToken(bearer.authenticate("Bearer " + forged), "The access token signature is invalid");
            assertInvalidToken(bearer.authenticate("Bearer " + nameless),
                    "The access token has no preferred_username claim");
        }

        assertEquals(6, fullChecks.jwts.get());
        assertEquals(0, bearer.verifiedJwts().size());
    }

    @Test
    void whenATokenLacksARequiredScopeThenEvery403IsDecidedAfresh() {
        OidcSettings settings = TestSettings.settings(op.clientSettings(), null, 100);
        BearerAuthenticator orders = new BearerAuthenticator(
                BearerPolicy.from(settings).withRequiredScopes(Set.of("orders")), fullChecks, clock);
        String header = "Bearer " + op.accessTokenFor("alice");

        for (int i = 0; i < 3; i++) {
            assertEquals(403, assertInstanceOf(Challenge.class, orders.authenticate(header)).httpStatus());
        }

        assertEquals(3, fullChecks.jwts.get());
        assertEquals(0, orders.verifiedJwts().size());
    }

    @Test
    void whenMoreTokensArriveThanTheCacheHoldsThenItsSizeNeverExceedsTheMaximum() {
        BearerAuthenticator bearer = cached(3);
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            headers.add("Bearer " + op.accessTokenFor("alice"));
            authenticated(bearer.authenticate(headers.get(i)));
            assertTrue(bearer.verifiedJwts().size() <= 3, () -> "size " + bearer.verifiedJwts().size());
        }
        assertEquals(3, bearer.verifiedJwts().size());

        authenticated(bearer.authenticate(headers.get(0)));
        assertEquals(11, fullChecks.jwts.get(), "the oldest token was evicted, so it is checked in full");
        authenticated(bearer.authenticate(headers.get(9)));
        assertEquals(11, fullChecks.jwts.get(), "the newest token is still cached");
    }

    @Test
    void whenTheCacheSizeIsZeroThenEveryPresentationIsCheckedInFull() {
        BearerAuthenticator bearer = cached(0);
        String header = "Bearer " + op.accessTokenFor("alice");

        for (int i = 0; i < 3; i++) {
            authenticated(bearer.authenticate(header));
        }

        assertEquals(3, fullChecks.jwts.get());
        assertEquals(0, bearer.verifiedJwts().size());
    }

    @Test
    void whenManyThreadsPresentTheSameTokensThenEveryOneGetsTheFullChecksAnswer() throws Exception {
        String valid = "Bearer " + op.accessTokenFor("alice");
        String[] parts = valid.split("\\.");
        String forged = parts[0] + "." + base64Url("{\"sub\":\"admin\"}") + "." + parts[2];
        BearerResult admitted = fullCheckOnly().authenticate(valid);
        BearerResult refused = fullCheckOnly().authenticate(forged);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        assertEquals(admitted, bearer.authenticate(valid));
                        if (i % 50 == 0) {
                            assertEquals(refused, bearer.authenticate(forged));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        int forgedChecks = 8 * 10;
        assertTrue(fullChecks.jwts.get() - forgedChecks <= 8,
                () -> "the valid token is checked in full at most once per thread: " + fullChecks.jwts.get());
    }

    @Test
    void whenTheMaximumAgePassesThenALongLivedTokenIsVerifiedAgain() {
        op.accessTokenLifetime(Duration.ofHours(1));
        String header = admitted();

        clock.advance(BearerPolicy.JWT_CACHE_MAX_AGE.minusSeconds(1));
        authenticated(bearer.authenticate(header));
        assertEquals(1, fullChecks.jwts.get());

        clock.advance(Duration.ofSeconds(1));
        authenticated(bearer.authenticate(header));
        assertEquals(2, fullChecks.jwts.get());
        assertEquals(1, bearer.verifiedJwts().size(), "admitted again, so kept again");
    }

    @Test
    void whenTheProvidersKeySetChangesThenATokenSeenBeforeIsCheckedAgainstTheNewKeys() {
        op.accessTokenLifetime(Duration.ofHours(1));
        String seen = admitted();

        op.rotateSigningKey();
        op.retireOldSigningKeys();
        clock.advance(Duration.ofSeconds(31));   // past the provider's throttle of unknown-key JWKS refetches
        authenticated(bearer.authenticate("Bearer " + op.accessTokenFor("alice")));   // new kid: keys refetched
        String refusal = "The access token is signed by an unknown key";

        assertInvalidToken(fullCheckOnly().authenticate(seen), refusal);
        assertInvalidToken(bearer.authenticate(seen), refusal);   // not answered from the cache any more
    }

    @Test
    void whenTheKeysAreRefetchedUnchangedThenKeptAnswersStayValid() {
        op.accessTokenLifetime(Duration.ofHours(1));
        String seen = admitted();
        int checks = fullChecks.jwts.get();
        long keyFetches = op.requestCount(dev.offlineaccess.testing.Endpoint.JWKS);

        clock.advance(Duration.ofSeconds(31));
        String[] parts = seen.substring("Bearer ".length()).split("\\.");
        String unknownKid = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"RS256\",\"kid\":\"no-such-key\",\"typ\":\"JWT\"}".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
        bearer.authenticate("Bearer " + unknownKid + "." + parts[1] + "." + parts[2]);   // keys refetched: same set

        authenticated(bearer.authenticate(seen));
        assertEquals(keyFetches + 1, op.requestCount(dev.offlineaccess.testing.Endpoint.JWKS));
        assertEquals(checks + 1, fullChecks.jwts.get(), "only the unknown-kid token was checked in full");
    }

    @Test
    void whenTheCacheIsUsedThenNothingOfTheTokenAppearsInItsTextOrInTheLog() {
        Logger logger = Logger.getLogger("dev.offlineaccess");
        Level previous = logger.getLevel();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                lines.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        String token = op.accessTokenFor("alice");
        String text;
        try {
            authenticated(bearer.authenticate("Bearer " + token));
            authenticated(bearer.authenticate("Bearer " + token));
            text = bearer.verifiedJwts().toString();
            clock.advance(Duration.ofMinutes(2));
            assertInvalidToken(bearer.authenticate("Bearer " + token), "The access token expired");
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(previous);
        }

        assertFalse(lines.isEmpty(), "the refusal is logged at DEBUG, so the capture works");
        String written = text + String.join("\n", lines);
        for (int i = 0; i + 12 <= token.length(); i++) {
            String slice = token.substring(i, i + 12);
            assertFalse(written.contains(slice), () -> "a piece of the token was written: " + written);
        }
        assertEquals("VerifiedJwts[maxAge=PT5M, TokenDigestCache[1 of at most 100 entries]]", text);
    }
}
