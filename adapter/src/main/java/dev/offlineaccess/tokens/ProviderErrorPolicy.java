package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.ProviderError;

import java.util.Map;

/**
 * What a refresh error from the provider means for the stored grant: the one table of the service's error
 * handling.
 *
 * <table>
 *   <caption>OAuth error to verdict</caption>
 *   <tr><th>{@code error}</th><th>verdict</th><th>row</th></tr>
 *   <tr><td>{@code invalid_grant} (any description: offline session not found or not active, session without
 *       this client, stale token, reuse exceeded, user disabled, token not active, invalid refresh token,
 *       offline access no longer granted)</td><td>{@link Verdict#REREAD_THEN_REVOKE}</td>
 *       <td>revoked, unless another writer rotated it meanwhile (then one retry with the newer token)</td></tr>
 *   <tr><td>{@code invalid_scope} (consent withdrawn)</td><td>{@link Verdict#REVOKE}</td><td>revoked</td></tr>
 *   <tr><td>{@code invalid_client}, {@code unauthorized_client}, {@code unsupported_grant_type},
 *       {@code invalid_request}</td><td>{@link Verdict#CLIENT_MISCONFIGURED}</td><td>untouched</td></tr>
 *   <tr><td>{@code temporarily_unavailable}, {@code server_error}, or any error with HTTP status 5xx</td>
 *       <td>{@link Verdict#RETRY_LATER}</td><td>untouched</td></tr>
 *   <tr><td>anything else</td><td>{@link Verdict#CLIENT_MISCONFIGURED}</td><td>untouched: an unknown answer
 *       never destroys the only token</td></tr>
 * </table>
 *
 * <p>Timeouts, refused connections and non-JSON answers never reach this table: they are
 * {@code ProviderUnavailableException}s and always mean {@link Verdict#RETRY_LATER}.
 *
 * <p>Immutable and thread-safe. Arguments must not be {@code null}.
 */
public final class ProviderErrorPolicy {
    private static final Map<String, Verdict> BY_CODE = Map.of(
            "invalid_grant", Verdict.REREAD_THEN_REVOKE,
            "invalid_scope", Verdict.REVOKE,
            "invalid_client", Verdict.CLIENT_MISCONFIGURED,
            "unauthorized_client", Verdict.CLIENT_MISCONFIGURED,
            "unsupported_grant_type", Verdict.CLIENT_MISCONFIGURED,
            "invalid_request", Verdict.CLIENT_MISCONFIGURED,
            "temporarily_unavailable", Verdict.RETRY_LATER,
            "server_error", Verdict.RETRY_LATER);

    /** The verdict for an error answer to a refresh-token grant. */
    public Verdict verdict(ProviderError error) {
        if (error.httpStatus() >= 500) {
            return Verdict.RETRY_LATER;
        }
        return BY_CODE.getOrDefault(error.code(), Verdict.CLIENT_MISCONFIGURED);
    }

    /**
     * The verdict for an error answer to an RFC 7009 revocation: a token the provider calls invalid
     * ({@code invalid_token}, {@code invalid_grant}, {@code invalid_scope}) is dead anyway, so the row is marked
     * revoked; otherwise as {@link #verdict}, and the row stays untouched.
     */
    public Verdict revocationVerdict(ProviderError error) {
        if (error.is("invalid_token")) {
            return Verdict.REVOKE;
        }
        Verdict verdict = verdict(error);
        return verdict == Verdict.REREAD_THEN_REVOKE ? Verdict.REVOKE : verdict;
    }

    /**
     * The exception a caller gets for a final verdict (after any re-read): {@link OfflineGrantRevokedException},
     * {@link ClientMisconfiguredException} or {@link ProviderTemporarilyUnavailableException}, carrying the error.
     */
    public OfflineTokenException exception(String user, ProviderError error) {
        return switch (verdict(error)) {
            case REREAD_THEN_REVOKE, REVOKE -> new OfflineGrantRevokedException(user, error.code(),
                    error.description());
            case CLIENT_MISCONFIGURED -> new ClientMisconfiguredException(user, error.code(), error.description());
            case RETRY_LATER -> new ProviderTemporarilyUnavailableException(user,
                    "The provider answered " + error + " for user '" + user + "'; retry later", null);
        };
    }

    /** What to do with the stored grant. */
    public enum Verdict {
        /** The grant is dead unless the row changed meanwhile: re-read it under the lock, retry once if it did. */
        REREAD_THEN_REVOKE,
        /** The grant is dead: mark the row revoked with the error. */
        REVOKE,
        /** The provider refused the client: leave the row, an operator must fix the configuration. */
        CLIENT_MISCONFIGURED,
        /** Transient: leave the row, retry later. */
        RETRY_LATER;

        /** Whether the row is to be marked revoked (after any re-read). */
        public boolean revokesGrant() {
            return this == REREAD_THEN_REVOKE || this == REVOKE;
        }
    }
}
