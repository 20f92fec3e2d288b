package dev.offlineaccess.example.portal.backup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.Timestamp;
import java.time.Instant;

/** A user who has signed in to the portal at least once, so the backup can say "no offline access" for them. */
@Entity
@Table(name = "PORTAL_KNOWN_USER")
public class KnownUser {
    @Id
    @Column(name = "USER_NAME", length = 255)
    private String userName;

    @Column(name = "LAST_SEEN", nullable = false)
    private Timestamp lastSeen;

    protected KnownUser() {
    }

    public KnownUser(String userName, Instant lastSeen) {
        this.userName = userName;
        this.lastSeen = Timestamp.from(lastSeen);
    }

    public String userName() {
        return userName;
    }
}
