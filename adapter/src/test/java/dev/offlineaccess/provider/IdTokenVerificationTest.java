package dev.offlineaccess.provider;

import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.provider.InvalidIdTokenException.Reason;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.IdTokenFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.offlineaccess.provider.ProviderTestSupport.REDIRECT_URI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdTokenVerificationTest {
    private FakeOpenIdProvider op;
    private OidcProvider provider;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.start();
        op.addUser("alice", "sub-alice", Set.of("user"), true, Map.of("email", "alice@example.test"));
        provider = ProviderTestSupport.providerFor(op);
    }

    @AfterEach
    void stop() {
        op.close();
    }

    /** Logs in and exchanges the code; returns the raw ID token and the nonce that was sent. */
    private String[] login() throws Exception {
        ProviderTestSupport.Login login = ProviderTestSupport.browserLogin(op, provider, "openid offline_access");
        IssuedTokens tokens = provider.exchangeCode(login.code(), REDIRECT_URI, login.verifier());
        return new String[] {tokens.idToken(), login.nonce()};
    }

    @Test
    void verifyIdTokenWhenAllIsRightThenReturnsTheClaims() throws Exception {
        String[] login = login();
        VerifiedIdToken token = provider.verifyIdToken(login[0], login[1]);

        assertEquals("sub-alice", token.subject());
        assertEquals(op.issuer().toString(), token.issuer());
        assertTrue(token.sessionId().isPresent());
        assertEquals("alice@example.test", token.stringClaim("email").orElseThrow());
        assertEquals(List.of(op.clientId()), token.audience());
        assertEquals(login[0], token.rawToken());
        assertFalse(token.toString().contains(login[0]));
        assertThrows(UnsupportedOperationException.class, () -> token.claims().put("x", "y"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "WRONG_NONCE, NONCE_MISMATCH",
            "MISSING_NONCE, NONCE_MISMATCH",
            "WRONG_ISSUER, WRONG_ISSUER",
            "WRONG_AUDIENCE, WRONG_AUDIENCE",
            "EXTRA_AUDIENCE_WITHOUT_AZP, AZP_MISSING_OR_WRONG",
            "WRONG_AZP, AZP_MISSING_OR_WRONG",
            "ALG_NONE, ALG_NOT_ALLOWED",
            "HS256, ALG_NOT_ALLOWED",
            "BAD_SIGNATURE, BAD_SIGNATURE",
            "UNKNOWN_KID, UNKNOWN_KEY",
            "EXPIRED, EXPIRED",
            "ISSUED_IN_FUTURE, ISSUED_IN_FUTURE"
    })
    void verifyIdTokenWhenProviderMisbehavesThenRejectedWithTheReason(IdTokenFault fault, Reason reason)
            throws Exception {
        op.idTokenFault(fault);
        String[] login = login();
        InvalidIdTokenException e = assertThrows(InvalidIdTokenException.class,
                () -> provider.verifyIdToken(login[0], login[1]));
        assertEquals(reason, e.reason());
        assertFalse(e.getMessage().contains(login[1]), "the nonce must not appear in the message");
    }

    @Test
    void verifyIdTokenWhenNotAJwtThenMalformed() {
        InvalidIdTokenException e = assertThrows(InvalidIdTokenException.class,
                () -> provider.verifyIdToken("not-a-jwt", null));
        assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void verifyIdTokenWhenNoneIsInTheAllowListThenStillRefused() throws Exception {
        OidcProvider lenient = new OidcProvider(op.clientSettings(), ProviderTestSupport.http(),
                Set.of("RS256", "none"), op.clock());
        op.idTokenFault(IdTokenFault.ALG_NONE);
        String[] login = login();
        assertEquals(Reason.ALG_NOT_ALLOWED, assertThrows(InvalidIdTokenException.class,
                () -> lenient.verifyIdToken(login[0], login[1])).reason());
    }

    @Test
    void verifyIdTokenWhenHs256IsAllowedAndASecretIsConfiguredThenVerifiedWithTheSecret() throws Exception {
        OidcProvider withHs = new OidcProvider(op.clientSettings(), ProviderTestSupport.http(),
                Set.of("RS256", "HS256"), op.clock());
        op.idTokenFault(IdTokenFault.HS256);
        String[] login = login();
        assertEquals("sub-alice", withHs.verifyIdToken(login[0], login[1]).subject());
    }

    @Test
    void verifyIdTokenWhenHs256IsAllowedButTheClientIsPublicThenRefused() throws Exception {
        String[] login;
        op.idTokenFault(IdTokenFault.HS256);
        login = login();
        var publicClient = new dev.offlineaccess.config.ClientSettings(op.issuer(), op.clientId(), null);
        OidcProvider noSecret = new OidcProvider(publicClient, ProviderTestSupport.http(), Set.of("RS256", "HS256"),
                op.clock());
        assertEquals(Reason.ALG_NOT_ALLOWED, assertThrows(InvalidIdTokenException.class,
                () -> noSecret.verifyIdToken(login[0], login[1])).reason());
    }

    @Test
    void verifyIdTokenWhenExpiredWithinTheClockSkewThenAccepted() throws Exception {
        String[] login = login();
        op.clock().advance(Duration.ofSeconds(60 + 29));   // 60 s lifetime, 30 s skew
        assertEquals("sub-alice", provider.verifyIdToken(login[0], login[1]).subject());
        op.clock().advance(Duration.ofSeconds(2));
        assertEquals(Reason.EXPIRED, assertThrows(InvalidIdTokenException.class,
                () -> provider.verifyIdToken(login[0], login[1])).reason());
    }

    @Test
    void verifyIdTokenWhenNonceIsNullThenTheNonceIsNotChecked() throws Exception {
        op.idTokenFault(IdTokenFault.WRONG_NONCE);
        String[] login = login();
        assertEquals("sub-alice", provider.verifyIdToken(login[0], null).subject());
    }

    @Test
    void verifyRefreshedIdTokenWhenSameSubjectThenAcceptedWithoutNonce() throws Exception {
        IssuedTokens first = ProviderTestSupport.loginAndExchange(op, provider, "openid offline_access");
        IssuedTokens refreshed = provider.refresh(first.refreshToken(), null);
        assertEquals("sub-alice", provider.verifyRefreshedIdToken(refreshed.idToken(), "sub-alice").subject());
    }

    @Test
    void verifyRefreshedIdTokenWhenOtherSubjectThenSubjectMismatch() throws Exception {
        IssuedTokens first = ProviderTestSupport.loginAndExchange(op, provider, "openid offline_access");
        op.idTokenFault(IdTokenFault.OTHER_SUBJECT);
        IssuedTokens refreshed = provider.refresh(first.refreshToken(), null);
        assertEquals(Reason.SUBJECT_MISMATCH, assertThrows(InvalidIdTokenException.class,
                () -> provider.verifyRefreshedIdToken(refreshed.idToken(), "sub-alice")).reason());
    }

    @Test
    void verifyIdTokenWhenSkewIsZeroAndIatAheadThenIssuedInFuture() throws Exception {
        OidcProvider strict = new OidcProvider(op.clientSettings(),
                new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ZERO), Set.of("RS256"),
                op.clock());
        String[] login = login();
        op.clock().advance(Duration.ofSeconds(-1));
        assertEquals(Reason.ISSUED_IN_FUTURE, assertThrows(InvalidIdTokenException.class,
                () -> strict.verifyIdToken(login[0], login[1])).reason());
    }
}
