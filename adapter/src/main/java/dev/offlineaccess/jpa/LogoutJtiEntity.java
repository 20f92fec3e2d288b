package dev.offlineaccess.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One row of {@code OA_LOGOUT_JTI}: the {@code jti} of an accepted back-channel logout token. The primary key is
 * the {@code jti}, so when two nodes race to accept the same token, the database lets exactly one insert win.
 * {@code EXPIRES_AT} is when the token would be refused for its age anyway; the row may be purged after it.
 *
 * <p>Mutable, as JPA wants; used only inside one {@code EntityManager} by one thread.
 */
@Entity(name = "LogoutJti")
@Table(name = "OA_LOGOUT_JTI", indexes = @Index(name = "OA_LOGOUT_JTI_EXPIRES_IX", columnList = "EXPIRES_AT"))
class LogoutJtiEntity {
    @Id
    @Column(name = "JTI", length = 255, nullable = false)
    String jti;

    @Column(name = "EXPIRES_AT", nullable = false, columnDefinition = InstantConverter.COLUMN_TYPE + " NOT NULL")
    Instant expiresAt;

    protected LogoutJtiEntity() {
        // for JPA
    }

    LogoutJtiEntity(String jti, Instant expiresAt) {
        this.jti = jti;
        this.expiresAt = expiresAt;
    }

    @Override
    public String toString() {
        return "LogoutJtiEntity[jti=" + jti + ", expiresAt=" + expiresAt + "]";
    }
}
