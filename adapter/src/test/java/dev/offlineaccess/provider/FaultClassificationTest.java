package dev.offlineaccess.provider;

import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.Fault;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Set;

import static dev.offlineaccess.provider.ProviderTestSupport.loginAndExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How every way the provider can fail is classified: unavailable (retry later) or rejected (it said no). */
class FaultClassificationTest {
    private FakeOpenIdProvider op;
    private OidcProvider provider;
    private String refreshToken;

    @BeforeEach
    void start() throws Exception {
        op = FakeOpenIdProvider.start();
        op.addUser("alice");
        provider = ProviderTestSupport.providerFor(op);
        refreshToken = loginAndExchange(op, provider, "openid offline_access").refreshToken();
    }

    @AfterEach
    void stop() {
        op.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "HTTP_500, HTTP 500",
            "HTTP_503, HTTP 503",
            "HTML_BODY, not JSON",
            "MALFORMED_JSON, malformed JSON"
    })
    void refreshWhenProviderAnswersGarbageThenUnavailableWithoutBodyContent(Fault fault, String expectedMessage) {
        op.fail(Endpoint.TOKEN, fault);
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                () -> provider.refresh(refreshToken, null));
        assertTrue(e.getMessage().contains(expectedMessage), e.getMessage());
        assertFalse(e.getMessage().contains("corporate proxy"), "no body content in messages");
        assertFalse(e.getMessage().contains("expires_in"), "no body content in messages");
    }

    @Test
    void refreshWhenProviderIsDownThenUnavailable() {
        op.stop();
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                () -> provider.refresh(refreshToken, null));
        assertInstanceOf(java.net.ConnectException.class, e.getCause());
    }

    @Test
    void refreshWhenProviderIsSlowerThanTheReadTimeoutThenUnavailable() {
        OidcProvider impatient = new OidcProvider(op.clientSettings(),
                new HttpSettings(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(30)),
                Set.of("RS256"), op.clock());
        op.delay(Endpoint.TOKEN, Duration.ofMillis(1500));
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                () -> impatient.refresh(refreshToken, null));
        assertInstanceOf(java.net.http.HttpTimeoutException.class, e.getCause());
        assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
    }

    @Test
    void refreshWhen404WithHtmlThenRejectedAsHttpStatus() {
        op.fail(Endpoint.TOKEN, Fault.HTTP_404_HTML);
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class,
                () -> provider.refresh(refreshToken, null));
        assertEquals(new ProviderError(404, "http_404", null), e.error());
    }

    @Test
    void refreshWhenProviderRecoversThenTheSameTokenWorks() throws Exception {
        op.fail(Endpoint.TOKEN, Fault.HTTP_503);
        assertThrows(ProviderUnavailableException.class, () -> provider.refresh(refreshToken, null));
        op.heal();
        assertTrue(provider.refresh(refreshToken, null).isOfflineGrant());
    }

    @Test
    void refreshWhenGarbageTokenThenKeycloaksInvalidRefreshToken() {
        ProviderRejectedException e = assertThrows(ProviderRejectedException.class,
                () -> provider.refresh("garbage", null));
        assertEquals(new ProviderError(400, "invalid_grant", "Invalid refresh token"), e.error());
    }
}
