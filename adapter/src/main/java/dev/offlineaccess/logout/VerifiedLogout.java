package dev.offlineaccess.logout;

import java.time.Instant;
import java.util.Objects;

/**
 * A back-channel {@code logout_token} that passed every check of {@link LogoutTokenVerifier}: the provider asks us
 * to end the sessions it names.
 *
 * <p>Which sessions: with a {@code sid}, the one session bound to that provider session; with only a
 * {@code subject}, every session of that user (OpenID Connect Back-Channel Logout 1.0, section 2.7).
 *
 * <p>Immutable. {@link #toString()} shows the subject, whether a {@code sid} is present and the flag, never the
 * {@code sid} itself (a provider session handle).
 *
 * @param issuer              the {@code iss} the token was verified against; never {@code null}
 * @param subject             {@code sub}, or {@code null} when the token names only a session
 * @param sid                 {@code sid}, or {@code null} when the token names only a user
 * @param jti                 the token's unique id (already marked as seen); never {@code null}
 * @param issuedAt            {@code iat}; never {@code null}
 * @param revokeOfflineAccess Keycloak's {@code events.revoke_offline_access: true}: the client has "Backchannel
 *                            logout revoke offline sessions" on, and the user's offline grant is gone too
 */
public record VerifiedLogout(String issuer, String subject, String sid, String jti, Instant issuedAt,
                             boolean revokeOfflineAccess) {
    public VerifiedLogout {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (subject == null && sid == null) {
            throw new IllegalArgumentException("a logout names a subject, a sid or both");
        }
    }

    /** The ending to record in the {@link EndedSessions} registry. */
    public EndedSession toEndedSession(Instant endedAt) {
        return new EndedSession(issuer, subject, sid, endedAt);
    }

    @Override
    public String toString() {
        return "VerifiedLogout[issuer=" + issuer + ", subject=" + subject + ", sid=" + (sid == null ? "none" : "****")
                + ", jti=" + jti + ", issuedAt=" + issuedAt + ", revokeOfflineAccess=" + revokeOfflineAccess + "]";
    }
}
