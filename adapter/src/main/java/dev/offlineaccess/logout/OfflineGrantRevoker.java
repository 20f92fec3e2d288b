package dev.offlineaccess.logout;

/**
 * What the back-channel logout does to a user's stored offline grant when the provider says it revoked the
 * user's offline sessions too (Keycloak's {@code events.revoke_offline_access: true}, sent when the client has
 * "Backchannel logout revoke offline sessions" on).
 *
 * <p>A plain back-channel logout never calls this: the stored offline grant outlives the web session on purpose.
 *
 * <p>The integration wires it to the token service, which marks the grant of {@link VerifiedLogout#subject()}
 * (issuer and client of this application) revoked with error {@link #ERROR} and reason {@link #REASON}, without
 * calling the provider (Keycloak has already ended the offline sessions). Implementations must be thread-safe,
 * return normally when the user has no stored grant, and never see a {@link VerifiedLogout} without a subject.
 */
@FunctionalInterface
public interface OfflineGrantRevoker {
    /** The {@code revokedError} a grant revoked this way carries. */
    String ERROR = "backchannel_logout";
    /** The {@code revokedReason} a grant revoked this way carries. */
    String REASON = "Revoked by back-channel logout";

    /** A revoker that does nothing, for applications without an offline-token store. */
    OfflineGrantRevoker NONE = logout -> {
    };

    /**
     * Marks the user's stored offline grant revoked.
     *
     * @param logout the verified logout; its {@code subject} is not {@code null}
     * @throws OfflineGrantRevocationException the grant could not be marked; the logout is reported as failed
     */
    void markRevoked(VerifiedLogout logout) throws OfflineGrantRevocationException;
}
