package dev.offlineaccess.integration;

import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.TokenEndpoint;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link TokenEndpoint} in front of the real one (an {@code OidcProvider} talking HTTP) that watches what the
 * service does: how many refreshes it sent, and the {@code error_description} of every refusal, including the ones
 * the service handles itself (a refusal followed by a successful re-read never reaches the caller). It can also run
 * a hook once, right after the provider answered a refresh and before the service sees the answer: the window in
 * which the provider has rotated the token and the store has not yet written it. Thread-safe.
 */
final class ObservedEndpoint implements TokenEndpoint {
    /** Keycloak's answer to a second use of a refresh token under rotation. */
    static final String REUSE_EXCEEDED = "Maximum allowed refresh token reuse exceeded";

    private final TokenEndpoint provider;
    private final AtomicInteger refreshes = new AtomicInteger();
    private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Runnable> afterNextAnswer = new AtomicReference<>();

    ObservedEndpoint(TokenEndpoint provider) {
        this.provider = provider;
    }

    @Override
    public IssuedTokens refresh(String refreshToken, Set<String> scopes)
            throws ProviderRejectedException, ProviderUnavailableException {
        refreshes.incrementAndGet();
        try {
            IssuedTokens issued = provider.refresh(refreshToken, scopes);
            Runnable hook = afterNextAnswer.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            return issued;
        } catch (ProviderRejectedException refused) {
            refusals.add(String.valueOf(refused.error().description()));
            throw refused;
        }
    }

    @Override
    public void revokeRefreshToken(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException {
        provider.revokeRefreshToken(refreshToken);
    }

    /** Runs {@code hook} on the refreshing thread after the next successful refresh answer, once. */
    void afterNextAnswer(Runnable hook) {
        afterNextAnswer.set(hook);
    }

    /** Refresh requests sent (answered or not). */
    int refreshes() {
        return refreshes.get();
    }

    /** The descriptions of the refusals seen so far, in order. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }
}
