package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantKey;
import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.GrantStore;
import dev.offlineaccess.tokens.StoredGrant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;

import static dev.offlineaccess.jpa.Grants.T0;
import static dev.offlineaccess.jpa.Grants.full;
import static dev.offlineaccess.jpa.Grants.grant;
import static dev.offlineaccess.jpa.Grants.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link JpaGrantStore} database must do: storing, reading, paging, scoping and the schema. Subclasses
 * give a real database.
 */
abstract class GrantStoreContract {
    private final List<JpaGrantStore> opened = new ArrayList<>();
    JpaGrantStore store;

    abstract TestDatabase database();

    @BeforeEach
    void openStoreOnEmptyTable() throws SQLException {
        store = open(Grants.ISSUER, Grants.CLIENT);
        database().execute("DELETE FROM OA_OFFLINE_GRANT");
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JpaGrantStore::close);
    }

    JpaGrantStore open(String issuer, String clientId) {
        JpaGrantStore s = JpaGrantStore.open(database().settings(), issuer, clientId);
        opened.add(s);
        return s;
    }

    @Test
    void saveThenFindReturnsEveryFieldToTheMillisecond() {
        StoredGrant original = full("sub-1", "alice");

        StoredGrant written = store.save(original);

        StoredGrant found = store.find(original.key()).orElseThrow();
        assertEquals(written, found);
        assertEquals(1, found.version());
        assertEquals(original.refreshToken(), found.refreshToken());
        assertEquals(original.refreshToken().ciphertext(), found.refreshToken().ciphertext());
        assertEquals(original.accessToken().ciphertext(), found.accessToken().ciphertext());
        assertEquals(original.scopes(), found.scopes());
        assertEquals(T0.truncatedTo(ChronoUnit.MILLIS), found.created());
        assertEquals(original.accessTokenExpiresAt().truncatedTo(ChronoUnit.MILLIS), found.accessTokenExpiresAt());
        assertEquals(original.lastRefreshed(), found.lastRefreshed());
        assertEquals(original.lastUsed(), found.lastUsed());
        assertEquals(original.expiresAt(), found.expiresAt());
        assertEquals(original.revokedAt(), found.revokedAt());
        assertEquals(GrantStatus.REVOKED, found.status());
        assertEquals("invalid_grant", found.revokedError());
        assertEquals("Offline user session not found", found.revokedReason());
    }

    @Test
    void saveWithoutOptionalFieldsKeepsThemNull() {
        StoredGrant original = new StoredGrant(key("sub-min"), "min", Grants.sealed("k1", "x"), null, null, Set.of(),
                T0, null, null, null, GrantStatus.ACTIVE, null, null, null, 0);

        StoredGrant found = store.save(original);

        assertEquals(found, store.find(original.key()).orElseThrow());
        assertEquals(Set.of(), found.scopes());
        assertEquals(null, found.accessToken());
        assertEquals(null, found.lastRefreshed());
        assertEquals(null, found.revokedReason());
    }

    @Test
    void instantsSurviveDaylightSavingTransitionsOfTheJvmTimeZone() {
        // in Berlin, 02:30 on 29 March does not exist and 02:30 on 25 October happens twice
        List<Instant> tricky = List.of(Instant.parse("2026-03-29T02:30:00.250Z"),
                Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-10-25T00:30:00.001Z"),
                Instant.parse("2026-10-25T01:30:00.001Z"));
        TimeZone before = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            for (int i = 0; i < tricky.size(); i++) {
                store.save(grant("sub-tz-" + i, "tz", tricky.get(i)));
            }
            for (int i = 0; i < tricky.size(); i++) {
                assertEquals(tricky.get(i), store.find(key("sub-tz-" + i)).orElseThrow().created(), "in Berlin");
            }
        } finally {
            TimeZone.setDefault(before);
        }
        for (int i = 0; i < tricky.size(); i++) {
            assertEquals(tricky.get(i), store.find(key("sub-tz-" + i)).orElseThrow().created(), "read in " + before);
        }
        assertEquals(List.of("sub-tz-1", "sub-tz-0"), subjects(store.idleSince(Instant.parse("2026-04-01T00:00:00Z"), 10)));
    }

    @Test
    void saveWhenRowExistsThenReplacesItWhateverTheVersionAndIncrementsIt() {
        store.save(grant("sub-1", "alice", T0));
        StoredGrant stale = grant("sub-1", "alice-renamed", T0.plusSeconds(5));

        StoredGrant written = store.save(stale);

        assertEquals(2, written.version());
        StoredGrant found = store.find(key("sub-1")).orElseThrow();
        assertEquals("alice-renamed", found.principal());
        assertEquals(T0.plusSeconds(5), found.created());
        assertEquals(2, found.version());
        assertEquals(1, store.count());
    }

    @Test
    void ciphertextsOfSeveralKilobytesRoundTrip() {
        String big = "Q".repeat(64 * 1024);
        StoredGrant g = new StoredGrant(key("sub-big"), "big", new dev.offlineaccess.tokens.SealedToken("k1", big),
                new dev.offlineaccess.tokens.SealedToken("k1", big + "A"), T0, Set.of("openid"), T0, null, null,
                null, GrantStatus.ACTIVE, null, null, null, 0);

        store.save(g);

        StoredGrant found = store.find(g.key()).orElseThrow();
        assertEquals(big, found.refreshToken().ciphertext());
        assertEquals(big + "A", found.accessToken().ciphertext());
    }

    @Test
    void deleteWhenRowExistsThenTrueAndGone() {
        store.save(grant("sub-1", "alice", T0));

        assertTrue(store.delete(key("sub-1")));

        assertTrue(store.find(key("sub-1")).isEmpty());
        assertEquals(0, store.count());
    }

    @Test
    void deleteWhenNoRowThenFalse() {
        assertFalse(store.delete(key("nobody")));
    }

    @Test
    void findByPrincipalWhenSeveralSubjectsShareTheNameThenTheMostRecentlyActive() {
        store.save(grant("sub-old", "alice", T0));
        store.save(grant("sub-new", "alice", T0.plusSeconds(60)));
        store.save(grant("sub-bob", "bob", T0.plusSeconds(120)));

        assertEquals(key("sub-new"), store.findByPrincipal("alice").orElseThrow().key());
        assertEquals(key("sub-bob"), store.findByPrincipal("bob").orElseThrow().key());
        assertTrue(store.findByPrincipal("carol").isEmpty());
    }

    @Test
    void pageOrdersByPrincipalThenSubject() {
        store.save(grant("s3", "carol", T0));
        store.save(grant("s2", "alice", T0));
        store.save(grant("s1", "alice", T0));
        store.save(grant("s4", "bob", T0));

        assertEquals(List.of("s1", "s2", "s4", "s3"), subjects(store.page(0, 10)));
        assertEquals(List.of("s2", "s4"), subjects(store.page(1, 2)));
        assertEquals(List.of(), subjects(store.page(4, 2)));
        assertThrows(IllegalArgumentException.class, () -> store.page(0, 0));
        assertThrows(IllegalArgumentException.class, () -> store.page(-1, 5));
    }

    @Test
    void idleSinceReturnsActiveGrantsIdleBeforeTheCutoffOldestFirst() {
        store.save(grant("never-refreshed-old", "a", T0.minusSeconds(500)));
        store.save(Grants.refreshed(grant("refreshed-long-ago", "b", T0.minusSeconds(9000)),
                Grants.sealed("k1", "rt2"), T0.minusSeconds(300)));
        store.save(Grants.refreshed(grant("refreshed-recently", "c", T0.minusSeconds(9000)),
                Grants.sealed("k1", "rt3"), T0.plusSeconds(10)));
        store.save(grant("created-recently", "d", T0.plusSeconds(1)));
        store.save(Grants.revoked(grant("revoked-old", "e", T0.minusSeconds(9000)), T0));

        assertEquals(List.of("never-refreshed-old", "refreshed-long-ago"), subjects(store.idleSince(T0, 10)));
        assertEquals(List.of("never-refreshed-old"), subjects(store.idleSince(T0, 1)));
        assertEquals(List.of(), subjects(store.idleSince(T0.minusSeconds(501), 10)));
    }

    @Test
    void idleSinceAfterAPositionContinuesWhereThePreviousPageEndedTiesBySubject() {
        store.save(grant("b-same-time", "b", T0.minusSeconds(100)));
        store.save(grant("a-same-time", "a", T0.minusSeconds(100)));
        store.save(grant("c-later", "c", T0.minusSeconds(50)));
        store.save(grant("d-oldest", "d", T0.minusSeconds(900)));

        List<StoredGrant> first = store.idleSince(T0, null, 2);
        List<StoredGrant> second = store.idleSince(T0, GrantStore.IdlePosition.of(first.get(1)), 2);
        List<StoredGrant> third = store.idleSince(T0, GrantStore.IdlePosition.of(second.get(1)), 2);

        assertEquals(List.of("d-oldest", "a-same-time"), subjects(first));
        assertEquals(List.of("b-same-time", "c-later"), subjects(second));
        assertEquals(List.of(), subjects(third));
    }

    @Test
    void countFindAndPageSeeOnlyTheStoresIssuerAndClient() {
        JpaGrantStore otherClient = open(Grants.ISSUER, "other-client");
        store.save(grant("sub-1", "alice", T0));
        otherClient.save(new StoredGrant(new GrantKey(Grants.ISSUER, "other-client", "sub-1"), "alice",
                Grants.sealed("k1", "o"), null, null, Set.of(), T0, null, null, null, GrantStatus.ACTIVE, null, null,
                null, 0));

        assertEquals(1, store.count());
        assertEquals(1, otherClient.count());
        assertEquals(List.of("sub-1"), subjects(store.page(0, 10)));
        assertEquals("rt-sub-1", marker(store.findByPrincipal("alice").orElseThrow()));
        assertTrue(store.delete(key("sub-1")));
        assertEquals(1, otherClient.count());
    }

    @Test
    void keysOfAnotherIssuerOrClientAreRefused() {
        GrantKey foreign = new GrantKey("https://elsewhere.test", Grants.CLIENT, "sub-1");

        assertThrows(IllegalArgumentException.class, () -> store.find(foreign));
        assertThrows(IllegalArgumentException.class, () -> store.delete(foreign));
        assertThrows(IllegalArgumentException.class,
                () -> store.withLock(foreign, current -> dev.offlineaccess.tokens.GrantStore.Outcome.unchanged(1)));
    }

    @Test
    void openingAgainOnAnExistingDatabaseKeepsTheRows() {
        StoredGrant saved = store.save(full("sub-1", "alice"));
        store.close();

        JpaGrantStore second = open(Grants.ISSUER, Grants.CLIENT);
        JpaGrantStore third = open(Grants.ISSUER, Grants.CLIENT);

        assertEquals(saved, second.find(key("sub-1")).orElseThrow());
        assertEquals(saved, third.find(key("sub-1")).orElseThrow());
    }

    @Test
    void twoNodesStartingTogetherOnAnEmptyDatabaseBothWork() throws Exception {
        dev.offlineaccess.config.StoreSettings fresh = database().freshDatabase("fresh_" + System.nanoTime());
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Callable<JpaGrantStore> start = () -> {
                together.await();
                return JpaGrantStore.open(fresh, Grants.ISSUER, Grants.CLIENT);
            };
            java.util.concurrent.Future<JpaGrantStore> a = nodes.submit(start);
            java.util.concurrent.Future<JpaGrantStore> b = nodes.submit(start);
            JpaGrantStore nodeA = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
            opened.add(nodeA);
            JpaGrantStore nodeB = b.get(60, java.util.concurrent.TimeUnit.SECONDS);
            opened.add(nodeB);

            nodeA.save(grant("sub-1", "alice", T0));
            assertEquals("alice", nodeB.find(key("sub-1")).orElseThrow().principal());
            assertEquals(1, nodeB.count());
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void openingAddsAColumnMissingFromAnOlderTable() throws SQLException {
        store.save(grant("sub-1", "alice", T0));
        store.close();
        database().execute("ALTER TABLE OA_OFFLINE_GRANT DROP COLUMN LAST_USED");

        JpaGrantStore reopened = open(Grants.ISSUER, Grants.CLIENT);

        assertEquals("alice", reopened.find(key("sub-1")).orElseThrow().principal());
        StoredGrant used = reopened.save(new StoredGrant(key("sub-2"), "bob", Grants.sealed("k1", "b"), null, null,
                Set.of(), T0, null, T0.plusSeconds(1), null, GrantStatus.ACTIVE, null, null, null, 0));
        assertEquals(T0.plusSeconds(1), reopened.find(used.key()).orElseThrow().lastUsed());
    }

    @Test
    void theTableHasTheLookupIndexes() throws SQLException {
        Set<String> indexes = new HashSet<>();
        try (Connection c = database().connect();
             ResultSet r = c.getMetaData().getIndexInfo(null, null, database().tableName(), false, false)) {
            while (r.next()) {
                if (r.getString("INDEX_NAME") != null) {
                    indexes.add(r.getString("INDEX_NAME").toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
        assertTrue(indexes.contains("OA_OFFLINE_GRANT_PRINCIPAL_IX"), indexes::toString);
        assertTrue(indexes.contains("OA_OFFLINE_GRANT_IDLE_IX"), indexes::toString);
    }

    @Test
    void theRequiredColumnsAreNotNullable() throws SQLException {
        Set<String> required = new HashSet<>();
        try (Connection c = database().connect();
             ResultSet r = c.getMetaData().getColumns(null, null, database().tableName(), null)) {
            while (r.next()) {
                if ("NO".equals(r.getString("IS_NULLABLE"))) {
                    required.add(r.getString("COLUMN_NAME").toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
        assertEquals(Set.of("ISSUER", "CLIENT_ID", "SUBJECT", "PRINCIPAL", "REFRESH_KEY_ID", "REFRESH_TOKEN", "SCOPES",
                "CREATED", "LAST_ACTIVITY", "STATUS", "VERSION"), required);
    }

    @Test
    void theRawTableHoldsTheSealedValuesAsGivenAndNoPlainToken() throws SQLException {
        String plainRefreshToken = "eyJhbGciOiJIUzI1NiJ9.plain-offline-token";
        StoredGrant g = full("sub-raw", "raw");
        store.save(g);

        List<String> cells = new ArrayList<>();
        try (Connection c = database().connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM OA_OFFLINE_GRANT")) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    cells.add(String.valueOf(r.getString(i)));
                }
            }
        }
        assertTrue(cells.contains(g.refreshToken().ciphertext()), "refresh ciphertext stored as given");
        assertTrue(cells.contains(g.accessToken().ciphertext()), "access ciphertext stored as given");
        assertTrue(cells.contains("k2"), "key id stored");
        assertTrue(cells.stream().noneMatch(cell -> cell.contains(plainRefreshToken)));
    }

    static List<String> subjects(List<StoredGrant> grants) {
        return grants.stream().map(g -> g.key().subject()).toList();
    }

    static String marker(StoredGrant g) {
        String c = g.refreshToken().ciphertext();
        return c.substring(4, c.indexOf('/'));
    }
}
