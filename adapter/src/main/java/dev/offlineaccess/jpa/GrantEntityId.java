package dev.offlineaccess.jpa;

import java.io.Serializable;
import java.util.Objects;

/**
 * The primary key of {@link GrantEntity}: issuer, client id and subject. A JPA id class, so mutable and with a
 * no-argument constructor; instances are never changed after construction.
 */
final class GrantEntityId implements Serializable {
    private static final long serialVersionUID = 1L;

    private String issuer;
    private String clientId;
    private String subject;

    GrantEntityId() {
        // for JPA
    }

    GrantEntityId(String issuer, String clientId, String subject) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.subject = subject;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrantEntityId other && Objects.equals(issuer, other.issuer)
                && Objects.equals(clientId, other.clientId) && Objects.equals(subject, other.subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuer, clientId, subject);
    }

    @Override
    public String toString() {
        return "GrantEntityId[issuer=" + issuer + ", clientId=" + clientId + ", subject=" + subject + "]";
    }
}
