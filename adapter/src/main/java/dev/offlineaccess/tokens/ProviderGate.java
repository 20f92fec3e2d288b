package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.TokenEndpoint;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * A token endpoint that lets at most a fixed number of requests reach the provider at once; callers beyond that
 * wait their turn. The keep-alive runs more workers than it has turns, so the workers' database work overlaps the
 * requests in flight and the provider sees exactly that many requests, one after another without a gap.
 *
 * <p>Thread-safe. A caller interrupted while waiting gets a {@link ProviderUnavailableException} (nothing was sent)
 * and keeps its interrupt status.
 */
final class ProviderGate implements TokenEndpoint {
    private final TokenEndpoint endpoint;
    private final Semaphore turns;

    ProviderGate(TokenEndpoint endpoint, int inFlight) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (inFlight < 1) {
            throw new IllegalArgumentException("at least one request must be allowed in flight");
        }
        this.turns = new Semaphore(inFlight, true);
    }

    @Override
    public IssuedTokens refresh(String refreshToken, Set<String> scopes)
            throws ProviderRejectedException, ProviderUnavailableException {
        enter();
        try {
            return endpoint.refresh(refreshToken, scopes);
        } finally {
            turns.release();
        }
    }

    @Override
    public void revokeRefreshToken(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException {
        enter();
        try {
            endpoint.revokeRefreshToken(refreshToken);
        } finally {
            turns.release();
        }
    }

    /** Requests that may start now without waiting (for tests and metrics). */
    int freeTurns() {
        return turns.availablePermits();
    }

    private void enter() throws ProviderUnavailableException {
        try {
            turns.acquire();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while waiting for a turn at the provider");
        }
    }

    @Override
    public String toString() {
        return "ProviderGate[" + endpoint + "]";
    }
}
