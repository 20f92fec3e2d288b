package dev.offlineaccess.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One row of {@code OA_ENDED_SESSION}: the provider ended a session ({@code SID}) or every session of a user
 * ({@code SUBJECT} without {@code SID}) by back-channel logout. Rows are only inserted and purged, never updated;
 * the same ending twice is harmless. The indexes serve the per-request lookups by (issuer, sid) and (issuer,
 * subject) and the purge by age.
 *
 * <p>Mutable, as JPA wants; used only inside one {@code EntityManager} by one thread.
 */
@Entity(name = "EndedSession")
@Table(name = "OA_ENDED_SESSION", indexes = {
        @Index(name = "OA_ENDED_SESSION_SID_IX", columnList = "ISSUER, SID"),
        @Index(name = "OA_ENDED_SESSION_SUBJECT_IX", columnList = "ISSUER, SUBJECT"),
        @Index(name = "OA_ENDED_SESSION_ENDED_IX", columnList = "ENDED_AT")})
class EndedSessionEntity {
    static final int ID_LENGTH = 36;

    /** A random UUID: no sequence table, no coordination between nodes. */
    @Id
    @Column(name = "ID", length = ID_LENGTH, nullable = false)
    String id;

    @Column(name = "ISSUER", length = 512, nullable = false)
    String issuer;

    @Column(name = "SUBJECT", length = 255)
    String subject;

    @Column(name = "SID", length = 255)
    String sid;

    @Column(name = "ENDED_AT", nullable = false, columnDefinition = InstantConverter.COLUMN_TYPE + " NOT NULL")
    Instant endedAt;

    protected EndedSessionEntity() {
        // for JPA
    }

    EndedSessionEntity(String id, String issuer, String subject, String sid, Instant endedAt) {
        this.id = id;
        this.issuer = issuer;
        this.subject = subject;
        this.sid = sid;
        this.endedAt = endedAt;
    }

    @Override
    public String toString() {
        return "EndedSessionEntity[id=" + id + ", issuer=" + issuer + ", subject=" + subject + ", sid="
                + (sid == null ? "none" : "****") + ", endedAt=" + endedAt + "]";
    }
}
