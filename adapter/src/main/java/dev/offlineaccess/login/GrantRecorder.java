package dev.offlineaccess.login;

import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.tokens.GrantKey;

/**
 * Where a sign-in hands an offline grant: the offline-token service's "store from login". It keeps the refresh token
 * (and from then on the grant's one refresh-token chain), replacing any grant the user had. Thread-safe.
 */
@FunctionalInterface
public interface GrantRecorder {

    /**
     * Stores the offline grant obtained at sign-in.
     *
     * @param key       the grant: issuer, client, subject
     * @param principal the application's user name
     * @param tokens    the code exchange's result; {@link IssuedTokens#isOfflineGrant()} is true
     * @throws dev.offlineaccess.tokens.OfflineTokenException the store could not be written (nothing was stored)
     */
    void store(GrantKey key, String principal, IssuedTokens tokens);
}
