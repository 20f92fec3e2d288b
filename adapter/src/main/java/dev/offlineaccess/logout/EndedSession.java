package dev.offlineaccess.logout;

import java.time.Instant;
import java.util.Objects;

/**
 * The record that the provider ended a session (or every session of a user) at {@code endedAt}, kept in the
 * {@link EndedSessions} registry so that every node can refuse the web sessions it covers.
 *
 * <p>Immutable; validated when built.
 *
 * @param issuer  the provider; never {@code null}
 * @param subject the user, or {@code null} when only a session was named
 * @param sid     the provider's session id, or {@code null} when the ending covers every session of the user
 * @param endedAt when this node accepted the logout; never {@code null}
 */
public record EndedSession(String issuer, String subject, String sid, Instant endedAt) {
    /** The longest {@code subject}, {@code sid} or {@code jti} a registry must store (database column width). */
    public static final int MAX_ID_LENGTH = 255;
    /** The longest issuer a registry must store. */
    public static final int MAX_ISSUER_LENGTH = 512;

    public EndedSession {
        requireLength("issuer", Objects.requireNonNull(issuer, "issuer"), MAX_ISSUER_LENGTH);
        Objects.requireNonNull(endedAt, "endedAt");
        if (subject == null && sid == null) {
            throw new IllegalArgumentException("an ending names a subject, a sid or both");
        }
        requireLength("subject", subject, MAX_ID_LENGTH);
        requireLength("sid", sid, MAX_ID_LENGTH);
    }

    static void requireLength(String name, String value, int max) {
        if (value != null && (value.isEmpty() || value.length() > max)) {
            throw new IllegalArgumentException(name + " must have 1 to " + max + " characters");
        }
    }

    @Override
    public String toString() {
        return "EndedSession[issuer=" + issuer + ", subject=" + subject + ", sid=" + (sid == null ? "none" : "****")
                + ", endedAt=" + endedAt + "]";
    }
}
