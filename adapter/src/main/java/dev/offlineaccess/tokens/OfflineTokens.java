package dev.offlineaccess.tokens;

import java.util.List;
import java.util.Optional;

/**
 * The background-task API: fresh access tokens for users who are not signed in, from their stored offline grants.
 *
 * <p>Obtain it from the web application (no request needed) with
 * {@code dev.offlineaccess.servlet.OfflineAccess.tokens(servletContext)}.
 *
 * <p>A {@code user} is the application's principal name ({@code getRemoteUser()} at login time). Every method is
 * thread-safe and may be called from any thread; for one grant at most one refresh runs at a time, in this JVM and
 * across JVMs sharing the database. No argument may be {@code null}. Failures are {@link OfflineTokenException}s
 * whose {@link OfflineTokenException#action() action} says what to do.
 */
public interface OfflineTokens {

    /**
     * An access token for the user, valid for at least the configured clock skew: the cached one, or a new one
     * from a refresh with the stored offline token. A rotated refresh token is stored before this returns.
     *
     * @throws NoOfflineGrantException                  nothing stored for the user
     * @throws OfflineGrantRevokedException             the provider refused the grant; the row is marked revoked
     * @throws ProviderTemporarilyUnavailableException  retry later; the stored token is untouched
     * @throws TokenStoreUnavailableException           retry later; the stored token is untouched
     * @throws ClientMisconfiguredException             fix the client credentials; the stored token is untouched
     */
    AccessToken accessToken(String user);

    /** Same as {@link #accessToken(String)}, for a grant known by its key. */
    AccessToken accessToken(GrantKey grant);

    /** The stored grant of a user, without the token. */
    Optional<GrantInfo> find(String user);

    /** A page of stored grants (active and revoked) ordered by principal name; never loads the table whole. */
    List<GrantInfo> list(int first, int max);

    /** How many grants are stored. */
    long count();

    /**
     * Revokes the user's grant at the provider (RFC 7009) and marks the row revoked. Note that Keycloak then also
     * ends every other offline session and the consent of that user for this client.
     *
     * @throws NoOfflineGrantException                 nothing stored for the user
     * @throws ProviderTemporarilyUnavailableException the provider could not be asked; the row stays active
     */
    void revoke(String user);

    /** Deletes the user's row without telling the provider. Returns whether there was one. */
    boolean forget(String user);

    /**
     * Stores an offline token obtained elsewhere (direct access grant, service account), after proving it with one
     * refresh, and replaces any grant the user had. Returns what was stored.
     *
     * @param user         the principal name to store it under
     * @param offlineToken the offline (refresh) token
     */
    GrantInfo importToken(String user, String offlineToken);
}
