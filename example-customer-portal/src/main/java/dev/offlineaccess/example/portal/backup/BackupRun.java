package dev.offlineaccess.example.portal.backup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.sql.Timestamp;
import java.time.Instant;

/** One user's backup in one run: outcome, reason, and the customers saved (as JSON). */
@Entity
@Table(name = "PORTAL_BACKUP_RUN", indexes = @Index(name = "PORTAL_BACKUP_RUN_USER", columnList = "USER_NAME,FINISHED_AT"))
public class BackupRun {
    /** A random id: EclipseLink 4.0.9's IDENTITY DDL is not valid on H2 2.x, and a UUID needs no sequence table. */
    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "USER_NAME", nullable = false, length = 255)
    private String userName;

    @Column(name = "FINISHED_AT", nullable = false)
    private Timestamp finishedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "OUTCOME", nullable = false, length = 32)
    private BackupOutcome outcome;

    @Column(name = "REASON", length = 1024)
    private String reason;

    @Column(name = "CUSTOMERS_SAVED", nullable = false)
    private int customersSaved;

    @Lob
    @Column(name = "SNAPSHOT")
    private String snapshot;

    protected BackupRun() {
    }

    public BackupRun(String userName, Instant finishedAt, BackupOutcome outcome, String reason, int customersSaved,
                     String snapshot) {
        this.id = java.util.UUID.randomUUID().toString();
        this.userName = userName;
        this.finishedAt = Timestamp.from(finishedAt);
        this.outcome = outcome;
        this.reason = reason == null || reason.length() <= 1024 ? reason : reason.substring(0, 1024);
        this.customersSaved = customersSaved;
        this.snapshot = snapshot;
    }

    public String userName() {
        return userName;
    }

    public Instant finishedAt() {
        return finishedAt.toInstant();
    }

    public BackupOutcome outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    public int customersSaved() {
        return customersSaved;
    }
}
