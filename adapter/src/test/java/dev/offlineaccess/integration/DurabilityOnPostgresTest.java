package dev.offlineaccess.integration;

import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import dev.offlineaccess.testing.Fault;
import dev.offlineaccess.tokens.AccessToken;
import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.KeepAlive;
import dev.offlineaccess.tokens.KeepAliveReport;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.ProviderTemporarilyUnavailableException;
import dev.offlineaccess.tokens.StoredGrant;
import dev.offlineaccess.tokens.TokenCipher;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real PostgreSQL breaks for real while a rotating provider (the fake, with Keycloak's reuse detection) is being
 * used: stopped, or the locked transaction's connection killed, in the window after the provider rotated the token
 * and before the store wrote it; down before a refresh; and the provider down instead. The only valid refresh token
 * must never be lost, and no refresh may ever reuse a stale one (the fake would then end the session, as Keycloak
 * does). The write retries' waits are recorded instead of slept.
 */
@Timeout(120)
class DurabilityOnPostgresTest {
    private static final HttpSettings HTTP = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(60));
    private static final Duration NEXT_WINDOW = Duration.ofSeconds(61);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer postgres;

    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private FakeOpenIdProvider op;
    private String database;
    private JpaGrantStore store;
    private TokenCipher cipher;
    private ObservedEndpoint endpoint;
    private OfflineTokenService service;
    private GrantKey key;

    @BeforeAll
    static void launchPostgres() throws IOException {
        postgres = PostgresServer.launch();
    }

    @AfterAll
    static void deletePostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void aliceImported() throws SQLException {
        op = FakeOpenIdProvider.builder().rotation(true).start();
        database = "durability_" + DATABASES.incrementAndGet();
        StoreSettings settings = postgres.newDatabase(database);
        store = JpaGrantStore.open(settings, op.issuer().toString(), op.clientId());
        cipher = Stores.cipher();
        endpoint = new ObservedEndpoint(new OidcProvider(op.clientSettings(), HTTP, Set.of("RS256"), op.clock()));
        service = OfflineTokenService.builder().client(op.clientSettings()).tokenEndpoint(endpoint).store(store)
                .cipher(cipher).clock(op.clock()).clockSkew(Duration.ofSeconds(30)).sleeper(waits::add).build();
        op.addUser("alice");
        key = service.importToken("alice", (String) op.passwordGrant("alice", "openid offline_access")
                .get("refresh_token")).key();
    }

    @AfterEach
    void close() {
        store.close();
        op.close();
    }

    @Test
    void databaseStoppedAfterTheProviderRotatedThenUnavailableAndAfterTheRestartThePendingTokenIsWrittenFirst()
            throws IOException {
        op.clock().advance(NEXT_WINDOW);
        String used = storedRefreshToken();
        endpoint.afterNextAnswer(this::stopPostgres);

        TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class,
                () -> service.accessToken("alice"));

        assertTrue(e.isRetryable());
        assertEquals(1, service.pendingWriteCount(), "the rotated token is kept in memory");
        assertEquals(5, waits.size(), "the write was retried with backoff: " + waits);
        Set<String> valid = op.validRefreshTokens("alice");
        assertFalse(valid.contains(used), "the provider rotated: the stored token is now useless");
        long refreshes = op.refreshCount("alice");

        postgres.start();
        assertEquals(used, storedRefreshToken(), "after the restart the database still holds the used token");
        AccessToken token = service.accessToken("alice");

        assertEquals(refreshes, op.refreshCount("alice"), "the pending access token is served, no refresh");
        assertEquals(0, service.pendingWriteCount());
        assertEquals(valid, Set.of(storedRefreshToken()), "the pending token was written first");
        assertEquals(token.value(), cipher.open(store.find(key).orElseThrow().accessToken(), key));
        assertGrantAliveAfterOneMoreRefresh();
    }

    @Test
    void connectionOfTheLockedTransactionKilledAfterTheProviderRotatedThenTheRetryStoresTheTokenAndServesIt() {
        op.clock().advance(NEXT_WINDOW);
        AtomicInteger killed = new AtomicInteger();
        endpoint.afterNextAnswer(() -> killed.set(terminateLockHolder()));

        AccessToken token = service.accessToken("alice");

        assertEquals(1, killed.get(), "the session holding the row lock was terminated");
        assertFalse(waits.isEmpty(), "the write was retried");
        assertEquals(0, service.pendingWriteCount());
        assertEquals(op.validRefreshTokens("alice"), Set.of(storedRefreshToken()));
        assertEquals(token.value(), cipher.open(store.find(key).orElseThrow().accessToken(), key));
        assertGrantAliveAfterOneMoreRefresh();
    }

    @Test
    void databaseDownBeforeABackgroundRefreshThenRetryableNothingChangedAndTheProviderNotAsked() throws IOException {
        StoredGrant before = store.find(key).orElseThrow();
        long refreshes = op.refreshCount("alice");
        op.clock().advance(Duration.ofDays(21));
        KeepAlive keepAlive = service.keepAlive(Stores.KEEP_ALIVE);
        postgres.stop();
        try {
            TokenStoreUnavailableException e = assertThrows(TokenStoreUnavailableException.class,
                    () -> service.accessToken("alice"));
            assertTrue(e.isRetryable());
            KeepAliveReport report = keepAlive.runOnce();
            assertFalse(report.complete(), "the keep-alive run says it stopped early");
            assertEquals(0, report.refreshed());
        } finally {
            postgres.start();
        }

        assertEquals(refreshes, op.refreshCount("alice"), "no refresh without the row lock");
        assertEquals(before, store.find(key).orElseThrow(), "the row is unchanged");
        assertEquals(0, service.pendingWriteCount());
        assertEquals(1, keepAlive.runOnce().refreshed(), "the next keep-alive run refreshes the idle grant");
        assertEquals(op.validRefreshTokens("alice"), Set.of(storedRefreshToken()));
        assertGrantAliveAfterOneMoreRefresh();
    }

    @Test
    void keepAliveRefreshWhoseWriteFailsKeepsTheTokenAndTheNextRunWritesIt() throws IOException {
        op.clock().advance(Duration.ofDays(21));
        KeepAlive keepAlive = service.keepAlive(Stores.KEEP_ALIVE);
        endpoint.afterNextAnswer(this::stopPostgres);

        KeepAliveReport failed = keepAlive.runOnce();

        assertEquals(1, failed.failed().size());
        assertTrue(failed.failed().get(0).isRetryable());
        assertEquals(1, service.pendingWriteCount());
        Set<String> valid = op.validRefreshTokens("alice");
        postgres.start();
        KeepAliveReport next = keepAlive.runOnce();
        assertEquals(0, next.refreshed(), "the pending row's refresh counts: the grant is no longer idle");
        assertEquals(0, service.pendingWriteCount());
        assertEquals(valid, Set.of(storedRefreshToken()));
        assertGrantAliveAfterOneMoreRefresh();
    }

    @Test
    void providerDownOrFailingThenRetryableAndTheRowUntouched() {
        op.clock().advance(NEXT_WINDOW);
        StoredGrant before = store.find(key).orElseThrow();

        op.stop();
        ProviderTemporarilyUnavailableException refused = assertThrows(ProviderTemporarilyUnavailableException.class,
                () -> service.accessToken("alice"));
        op.restart();
        op.fail(Endpoint.TOKEN, Fault.HTTP_503);
        ProviderTemporarilyUnavailableException unavailable = assertThrows(
                ProviderTemporarilyUnavailableException.class, () -> service.accessToken("alice"));
        op.fail(Endpoint.TOKEN, Fault.HTML_BODY);
        assertThrows(ProviderTemporarilyUnavailableException.class, () -> service.accessToken("alice"));

        assertTrue(refused.isRetryable() && unavailable.isRetryable());
        assertEquals(before, store.find(key).orElseThrow(), "the row is untouched");
        op.heal();
        assertGrantAliveAfterOneMoreRefresh();
    }

    /** The grant is still good: a refresh in a later window works, and the provider never saw a reused token. */
    private void assertGrantAliveAfterOneMoreRefresh() {
        long refreshes = op.refreshCount("alice");
        op.clock().advance(NEXT_WINDOW);
        String used = storedRefreshToken();

        service.accessToken("alice");

        assertEquals(refreshes + 1, op.refreshCount("alice"));
        assertNotEquals(used, storedRefreshToken());
        assertEquals(op.validRefreshTokens("alice"), Set.of(storedRefreshToken()));
        assertEquals(GrantStatus.ACTIVE, store.find(key).orElseThrow().status());
        assertEquals(0, op.failedRefreshCount(), "the provider refused nothing: no token was ever reused");
        assertEquals(List.of(), endpoint.refusals());
        assertEquals(1, op.offlineSessionCount("alice"));
    }

    private String storedRefreshToken() {
        return cipher.open(store.find(key).orElseThrow().refreshToken(), key);
    }

    private void stopPostgres() {
        try {
            postgres.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int terminateLockHolder() {
        try {
            return postgres.terminateSessionsInTransaction(database);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
