package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * One row of {@code OA_OFFLINE_GRANT}: a user's sealed offline grant for one issuer and client. The natural key
 * (issuer, client id, subject) is the primary key, so the row lock and the uniqueness need one index only, and a
 * concurrent first insert of the same grant fails on it instead of creating a twin.
 *
 * <p>Mutable, as JPA wants; used only inside one {@code EntityManager} by one thread. {@link GrantMapping} is the
 * only code that reads or writes its fields. {@link #toString()} never shows a ciphertext.
 */
@Entity(name = "OfflineGrant")
@IdClass(GrantEntityId.class)
@Table(name = "OA_OFFLINE_GRANT", indexes = {
        @Index(name = "OA_OFFLINE_GRANT_PRINCIPAL_IX", columnList = "ISSUER, CLIENT_ID, PRINCIPAL"),
        @Index(name = "OA_OFFLINE_GRANT_IDLE_IX", columnList = "ISSUER, CLIENT_ID, STATUS, LAST_ACTIVITY")})
class GrantEntity {
    static final int ISSUER_LENGTH = 512;
    static final int NAME_LENGTH = 255;
    static final int KEY_ID_LENGTH = 64;
    static final int SCOPES_LENGTH = 2048;
    static final int REVOKED_ERROR_LENGTH = 255;
    static final int REVOKED_REASON_LENGTH = 1024;

    @Id
    @Column(name = "ISSUER", length = ISSUER_LENGTH, nullable = false)
    String issuer;

    @Id
    @Column(name = "CLIENT_ID", length = NAME_LENGTH, nullable = false)
    String clientId;

    @Id
    @Column(name = "SUBJECT", length = NAME_LENGTH, nullable = false)
    String subject;

    @Column(name = "PRINCIPAL", length = NAME_LENGTH, nullable = false)
    String principal;

    @Column(name = "REFRESH_KEY_ID", length = KEY_ID_LENGTH, nullable = false)
    String refreshKeyId;

    @Lob
    @Column(name = "REFRESH_TOKEN", nullable = false)
    String refreshToken;

    @Column(name = "ACCESS_KEY_ID", length = KEY_ID_LENGTH)
    String accessKeyId;

    @Lob
    @Column(name = "ACCESS_TOKEN")
    String accessToken;

    @Column(name = "ACCESS_EXPIRES_AT", columnDefinition = InstantConverter.COLUMN_TYPE)
    Instant accessExpiresAt;

    @Column(name = "SCOPES", length = SCOPES_LENGTH, nullable = false)
    String scopes;

    @Column(name = "CREATED", nullable = false, columnDefinition = InstantConverter.COLUMN_TYPE + " NOT NULL")
    Instant created;

    @Column(name = "LAST_REFRESHED", columnDefinition = InstantConverter.COLUMN_TYPE)
    Instant lastRefreshed;

    @Column(name = "LAST_USED", columnDefinition = InstantConverter.COLUMN_TYPE)
    Instant lastUsed;

    /** {@code coalesce(LAST_REFRESHED, CREATED)}, kept by the store so that the keep-alive scan has an index. */
    @Column(name = "LAST_ACTIVITY", nullable = false, columnDefinition = InstantConverter.COLUMN_TYPE + " NOT NULL")
    Instant lastActivity;

    @Column(name = "EXPIRES_AT", columnDefinition = InstantConverter.COLUMN_TYPE)
    Instant expiresAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", length = 16, nullable = false)
    GrantStatus status;

    @Column(name = "REVOKED_ERROR", length = REVOKED_ERROR_LENGTH)
    String revokedError;

    @Column(name = "REVOKED_REASON", length = REVOKED_REASON_LENGTH)
    String revokedReason;

    @Column(name = "REVOKED_AT", columnDefinition = InstantConverter.COLUMN_TYPE)
    Instant revokedAt;

    @Version
    @Column(name = "VERSION", nullable = false)
    long version;

    protected GrantEntity() {
        // for JPA
    }

    GrantEntity(String issuer, String clientId, String subject) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.subject = subject;
    }

    @Override
    public String toString() {
        return "GrantEntity[issuer=" + issuer + ", clientId=" + clientId + ", subject=" + subject
                + ", principal=" + principal + ", status=" + status + ", refreshKeyId=" + refreshKeyId
                + ", accessKeyId=" + accessKeyId + ", version=" + version + "]";
    }
}
