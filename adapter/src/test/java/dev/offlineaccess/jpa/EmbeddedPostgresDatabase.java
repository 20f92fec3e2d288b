package dev.offlineaccess.jpa;

import dev.offlineaccess.config.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** A real PostgreSQL server (zonky embedded binaries) started for one test class. */
final class EmbeddedPostgresDatabase implements TestDatabase {
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresDatabase start() throws IOException {
        return new EmbeddedPostgresDatabase(EmbeddedPostgres.builder().start());
    }

    @Override
    public StoreSettings settings() {
        return Grants.settings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", Path.of("target", "unused"));
    }

    @Override
    public Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    public String waitingSessionsSql() {
        return "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
    }

    @Override
    public String abortOtherSessionsSql() {
        return "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()";
    }

    @Override
    public String tableName() {
        return "oa_offline_grant";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
