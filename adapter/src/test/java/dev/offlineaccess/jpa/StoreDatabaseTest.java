package dev.offlineaccess.jpa;

import dev.offlineaccess.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoreDatabaseTest {
    private static final Duration TIMEOUT = Duration.ofMillis(2500);

    @Test
    void withoutJdbcUrlTheEmbeddedH2FileIsSharedBetweenJvmsWithTheLockTimeout() {
        Path file = Path.of("/var/lib/app/offline-grants");

        StoreDatabase db = StoreDatabase.of(Grants.settings(null, null, file), TIMEOUT);

        assertEquals(StoreDatabase.Kind.H2, db.kind());
        assertEquals("jdbc:h2:file:/var/lib/app/offline-grants;AUTO_SERVER=TRUE;LOCK_TIMEOUT=2500", db.url());
        assertEquals("org.h2.Driver", db.driver());
    }

    @Test
    void aRelativeH2FileBecomesAbsolute() {
        StoreDatabase db = StoreDatabase.of(Grants.settings(null, null, Path.of("data", "grants")), TIMEOUT);

        assertEquals("jdbc:h2:file:" + Path.of("data", "grants").toAbsolutePath() + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=2500",
                db.url());
    }

    @Test
    void aPostgresUrlIsUsedAsGivenAndTheLockTimeoutIsSetPerTransaction() {
        String url = "jdbc:postgresql://db.internal:5432/portal?ssl=true";

        StoreDatabase db = StoreDatabase.of(Grants.settings(url, "portal", Path.of("x")), TIMEOUT);

        assertEquals(StoreDatabase.Kind.POSTGRESQL, db.kind());
        assertEquals(url, db.url());
        assertEquals("org.postgresql.Driver", db.driver());
        assertEquals(TIMEOUT, db.lockTimeout());
    }

    @Test
    void anH2UrlGetsTheLockTimeoutUnlessItHasOne() {
        assertEquals("jdbc:h2:tcp://h2.internal/grants;LOCK_TIMEOUT=2500",
                StoreDatabase.of(Grants.settings("jdbc:h2:tcp://h2.internal/grants", null, Path.of("x")), TIMEOUT)
                        .url());
        assertEquals("jdbc:h2:tcp://h2.internal/grants;lock_timeout=900",
                StoreDatabase.of(Grants.settings("jdbc:h2:tcp://h2.internal/grants;lock_timeout=900", null,
                        Path.of("x")), TIMEOUT).url());
    }

    @Test
    void anotherDatabaseIsAConfigurationErrorNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> StoreDatabase.of(
                Grants.settings("jdbc:mysql://db/portal", null, Path.of("x")), TIMEOUT));

        assertEquals("store.jdbc-url", e.key());
    }

    @Test
    void anH2PathWithASemicolonIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> StoreDatabase.of(
                Grants.settings(null, null, Path.of("/tmp/a;b/grants")), TIMEOUT));

        assertEquals("store.h2-file", e.key());
    }

    @Test
    void theLockTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> StoreDatabase.of(Grants.settings(null, null, Path.of("x")), Duration.ZERO));
    }

    @Test
    void openWithAnUnsupportedUrlFailsBeforeConnecting() {
        assertThrows(ConfigurationException.class, () -> JpaGrantStore.open(
                Grants.settings("jdbc:oracle:thin:@db:1521/x", null, Path.of("x")), Grants.ISSUER, Grants.CLIENT));
    }
}
