package dev.offlineaccess.provider;

import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.Fault;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.IdTokenFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.offlineaccess.provider.ProviderTestSupport.loginAndExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JWKS cache: one throttled re-fetch per unknown key, and a provider's key rotation is followed. */
class JwksKeysTest {
    private FakeOpenIdProvider op;
    private OidcProvider provider;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.start();
        op.addUser("alice");
        provider = ProviderTestSupport.providerFor(op);
    }

    @AfterEach
    void stop() {
        op.close();
    }

    private String idToken() throws Exception {
        return loginAndExchange(op, provider, "openid").idToken();
    }

    @Test
    void verifyWhenKeysAreCachedThenJwksIsFetchedOnce() throws Exception {
        provider.verifyIdToken(idToken(), null);
        provider.verifyIdToken(idToken(), null);
        assertEquals(1, op.requestCount(Endpoint.JWKS));
    }

    @Test
    void verifyWhenProviderRotatedItsKeyThenTheNewKeyIsFetchedAndUsed() throws Exception {
        provider.verifyIdToken(idToken(), null);
        op.clock().advance(JwksKeys.UNKNOWN_KEY_REFETCH_INTERVAL);
        String newKid = op.rotateSigningKey();
        VerifiedIdToken verified = provider.verifyIdToken(idToken(), null);

        assertEquals("sub-alice", verified.subject());
        assertEquals(newKid, op.currentKeyId());
        assertEquals(2, op.requestCount(Endpoint.JWKS));
    }

    @Test
    void verifyWhenUnknownKidRepeatsThenOnlyOneRefetchPer30Seconds() throws Exception {
        provider.verifyIdToken(idToken(), null);
        op.clock().advance(Duration.ofSeconds(30));
        op.idTokenFault(IdTokenFault.UNKNOWN_KID);
        String forged = idToken();

        for (int i = 0; i < 5; i++) {
            assertEquals(InvalidIdTokenException.Reason.UNKNOWN_KEY,
                    assertThrows(InvalidIdTokenException.class, () -> provider.verifyIdToken(forged, null)).reason());
        }
        assertEquals(2, op.requestCount(Endpoint.JWKS));

        op.clock().advance(Duration.ofSeconds(29));
        assertThrows(InvalidIdTokenException.class, () -> provider.verifyIdToken(forged, null));
        assertEquals(2, op.requestCount(Endpoint.JWKS));

        op.clock().advance(Duration.ofSeconds(1));
        assertThrows(InvalidIdTokenException.class, () -> provider.verifyIdToken(forged, null));
        assertEquals(3, op.requestCount(Endpoint.JWKS));
    }

    @Test
    void verifyWhenRotationHappensInsideTheThrottleWindowThenTokenFailsUntilTheWindowPasses() throws Exception {
        provider.verifyIdToken(idToken(), null);
        op.rotateSigningKey();
        String fresh = idToken();
        assertThrows(InvalidIdTokenException.class, () -> provider.verifyIdToken(fresh, null));
        op.clock().advance(JwksKeys.UNKNOWN_KEY_REFETCH_INTERVAL);
        assertEquals("sub-alice", provider.verifyIdToken(fresh, null).subject());
    }

    @Test
    void verifyWhenOldKeyIsRetiredThenItsTokensFailAfterTheCacheExpires() throws Exception {
        String old = idToken();
        provider.verifyIdToken(old, null);
        op.rotateSigningKey();
        op.retireOldSigningKeys();
        op.clock().advance(JwksKeys.MAX_AGE);
        assertEquals(InvalidIdTokenException.Reason.UNKNOWN_KEY,
                assertThrows(InvalidIdTokenException.class, () -> provider.verifyIdToken(old, null)).reason());
    }

    @Test
    void verifyWhenJwksUnavailableAtFirstThenProviderUnavailable() throws Exception {
        String token = idToken();
        op.fail(Endpoint.JWKS, Fault.HTTP_503);
        assertThrows(ProviderUnavailableException.class, () -> provider.verifyIdToken(token, null));
        op.heal();
        op.clock().advance(Duration.ofSeconds(1));
        assertEquals("sub-alice", provider.verifyIdToken(token, null).subject());
    }

    @Test
    void verifyWhenRefreshAfterMaxAgeFailsThenCachedKeysAreKept() throws Exception {
        op.accessTokenLifetime(Duration.ofHours(1));
        String token = idToken();
        provider.verifyIdToken(token, null);
        op.clock().advance(JwksKeys.MAX_AGE);
        op.fail(Endpoint.JWKS, Fault.HTTP_500);
        assertEquals("sub-alice", provider.verifyIdToken(token, null).subject());
        assertEquals(2, op.requestCount(Endpoint.JWKS));
    }
}
