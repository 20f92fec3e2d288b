package dev.offlineaccess.provider;

import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.Fault;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderMetadataSourceTest {
    private FakeOpenIdProvider op;

    @BeforeEach
    void start() {
        op = FakeOpenIdProvider.start();
    }

    @AfterEach
    void stop() {
        op.close();
    }

    private ProviderMetadataSource source(URI issuer) {
        return new ProviderMetadataSource(issuer, ProviderTestSupport.http(), op.clock());
    }

    @Test
    void endpointsWhenDiscoveredThenExposeWhatLoginAndLogoutNeed() throws Exception {
        ProviderEndpoints endpoints = source(op.issuer()).endpoints();

        assertEquals(op.issuer(), endpoints.issuer());
        assertEquals(op.endpoint(Endpoint.AUTHORIZATION), endpoints.authorizationEndpoint());
        assertEquals(op.endpoint(Endpoint.TOKEN), endpoints.tokenEndpoint());
        assertEquals(op.endpoint(Endpoint.JWKS), endpoints.jwksUri());
        assertEquals(op.endpoint(Endpoint.USERINFO), endpoints.userInfo().orElseThrow());
        assertEquals(op.endpoint(Endpoint.END_SESSION), endpoints.endSession().orElseThrow());
        assertEquals(op.endpoint(Endpoint.REVOCATION), endpoints.revocation().orElseThrow());
        assertEquals(op.endpoint(Endpoint.INTROSPECTION), endpoints.introspection().orElseThrow());
        assertTrue(endpoints.issParameterSupported());
        assertTrue(endpoints.backchannelLogoutSupported());
        assertTrue(endpoints.supportsScope("offline_access"));
        assertTrue(endpoints.codeChallengeMethods().contains("S256"));
        assertEquals(Set.of("client_secret_basic", "client_secret_post"), endpoints.tokenEndpointAuthMethods());
    }

    @Test
    void endpointsWhenCalledTwiceThenDiscoverOnlyOnce() throws Exception {
        ProviderMetadataSource source = source(op.issuer());
        source.endpoints();
        source.endpoints();
        assertEquals(1, op.requestCount(Endpoint.DISCOVERY));
    }

    @Test
    void endpointsWhenDocumentNamesAnotherIssuerThenMisconfigured() {
        op.discoveryIssuer("http://localhost:" + op.port() + "/realms/test");
        ProviderMisconfiguredException e = assertThrows(ProviderMisconfiguredException.class,
                () -> source(op.issuer()).endpoints());
        assertEquals(ProviderMisconfiguredException.Problem.ISSUER_MISMATCH, e.problem());
        assertTrue(e.getMessage().contains("http://localhost:" + op.port() + "/realms/test"), e.getMessage());
    }

    @Test
    void endpointsWhenConfiguredIssuerHasATrailingSlashThenMisconfigured() {
        URI withSlash = URI.create(op.issuer() + "/");
        assertThrows(ProviderMisconfiguredException.class, () -> source(withSlash).endpoints());
    }

    @Test
    void endpointsWhenProviderDownThenUnavailableAndRetriedOnlyAfterTheBackoff() throws Exception {
        ProviderMetadataSource source = source(op.issuer());
        op.fail(Endpoint.DISCOVERY, Fault.HTTP_503);
        assertThrows(ProviderUnavailableException.class, source::endpoints);
        op.heal();

        assertThrows(ProviderUnavailableException.class, source::endpoints);   // still in the 1 s window
        assertEquals(1, op.requestCount(Endpoint.DISCOVERY));

        op.clock().advance(Duration.ofSeconds(1));
        assertEquals(op.issuer(), source.endpoints().issuer());
        assertEquals(2, op.requestCount(Endpoint.DISCOVERY));
    }

    @Test
    void endpointsWhenFailingRepeatedlyThenTheBackoffDoublesUpTo60Seconds() throws Exception {
        ProviderMetadataSource source = source(op.issuer());
        op.stop();
        long[] waits = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long wait : waits) {
            assertThrows(ProviderUnavailableException.class, source::endpoints);
            op.clock().advance(Duration.ofSeconds(wait).minusMillis(1));
            ProviderUnavailableException early = assertThrows(ProviderUnavailableException.class, source::endpoints);
            assertTrue(early.getMessage().contains("next attempt not before"), early.getMessage());
            op.clock().advance(Duration.ofMillis(1));
        }
        op.restart();
        assertEquals(op.issuer(), source.endpoints().issuer());
    }

    @Test
    void endpointsWhenIssuerMismatchIsFixedThenPickedUpAfterTheBackoff() throws Exception {
        ProviderMetadataSource source = source(op.issuer());
        op.discoveryIssuer("http://elsewhere/realms/test");
        assertThrows(ProviderMisconfiguredException.class, source::endpoints);
        op.discoveryIssuer(null);
        assertThrows(ProviderMisconfiguredException.class, source::endpoints);
        op.clock().advance(Duration.ofSeconds(1));
        assertEquals(op.issuer(), source.endpoints().issuer());
    }

    @Test
    void endpointsWhenManyThreadsAskAtOnceThenOneRequestIsSent() throws Exception {
        ProviderMetadataSource source = source(op.issuer());
        op.delay(Endpoint.DISCOVERY, Duration.ofMillis(300));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ProviderEndpoints>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return source.endpoints();
                }));
            }
            go.countDown();
            for (Future<ProviderEndpoints> result : results) {
                assertEquals(op.issuer(), result.get().issuer());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, op.requestCount(Endpoint.DISCOVERY));
    }

    @Test
    void endpointsWhenDocumentIsHtmlThenUnavailable() {
        op.fail(Endpoint.DISCOVERY, Fault.HTML_BODY);
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                () -> source(op.issuer()).endpoints());
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void endpointsWhenDocumentPathIsMissingThenUnavailable() {
        op.fail(Endpoint.DISCOVERY, Fault.HTTP_404_HTML);
        assertThrows(ProviderUnavailableException.class, () -> source(op.issuer()).endpoints());
    }
}
