package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.ProviderError;

/**
 * What one locked work on a grant came to. The work never throws: it returns one of these, the store commits
 * (possibly writing a revoked row), and only then does the caller turn a failure into an exception. That keeps the
 * outcome independent of how a store implementation treats exceptions thrown inside its transaction.
 */
sealed interface Attempt {

    /** An access token to hand out: the stored one (another node refreshed) or a fresh one. */
    record Served(AccessToken token) implements Attempt {
    }

    /** The call fails with this exception; any row change (revoked) is already part of the outcome. */
    record Failed(RuntimeException failure) implements Attempt {
    }

    /** {@code invalid_grant} for the refresh token {@code used}: re-read the row before declaring the grant dead. */
    record Stale(SealedToken used, ProviderError error) implements Attempt {
    }

    /** Keep-alive only: the grant was refreshed recently by someone else; nothing to do. */
    record NotIdle() implements Attempt {
    }
}
