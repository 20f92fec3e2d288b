package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderError;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.TokenEndpoint;
import dev.offlineaccess.tokens.GrantStore.Outcome;
import dev.offlineaccess.tokens.ProviderErrorPolicy.Verdict;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The locked refresh of one grant, shared by the background API and the keep-alive: flush a pending write, take
 * the row lock, use the access token another node stored or refresh at the provider, write the rotated token in
 * the same locked transaction, and on {@code invalid_grant} re-read the row under the lock before declaring the
 * grant dead. Stateless apart from its collaborators; thread-safe.
 */
final class GrantRefresher {
    private static final System.Logger LOG = System.getLogger(GrantRefresher.class.getName());

    private final GrantStore store;
    private final TokenEndpoint endpoint;
    private final TokenCipher cipher;
    private final ProviderErrorPolicy policy;
    private final Clock clock;
    private final Duration skew;
    private final PendingWrites pending;

    GrantRefresher(GrantStore store, TokenEndpoint endpoint, TokenCipher cipher, ProviderErrorPolicy policy,
                   Clock clock, Duration skew, PendingWrites pending) {
        this.store = store;
        this.endpoint = endpoint;
        this.cipher = cipher;
        this.policy = policy;
        this.clock = clock;
        this.skew = skew;
        this.pending = pending;
    }

    /** The same refresher calling the provider through {@code other} (e.g. a {@link ProviderGate} around it). */
    GrantRefresher through(TokenEndpoint other) {
        return new GrantRefresher(store, other, cipher, policy, clock, skew, pending);
    }

    /**
     * An access token for the grant: the one stored by another node when still valid, else a refreshed one.
     *
     * @throws OfflineTokenException with the row already marked revoked when that is the verdict
     * @throws SealedTokenException  the stored token cannot be opened with the configured keys
     */
    AccessToken obtain(GrantKey key, String user) {
        Optional<AccessToken> flushed = pending.flush(key);
        if (flushed.isPresent() && isValid(flushed.get().expiresAt())) {
            return flushed.get();
        }
        return ((Attempt.Served) run(key, user, null)).token();
    }

    /**
     * Keep-alive: refreshes at the provider when the grant's last refresh (or creation) is before {@code cutoff}.
     *
     * @return whether a refresh happened ({@code false}: someone else refreshed it recently)
     */
    boolean refreshIfIdle(GrantKey key, String user, Instant cutoff) {
        pending.flush(key);
        return run(key, user, cutoff) instanceof Attempt.Served;
    }

    /** Returns {@link Attempt.Served} or {@link Attempt.NotIdle}; throws the failure of {@link Attempt.Failed}. */
    private Attempt run(GrantKey key, String user, Instant cutoff) {
        Attempt attempt = locked(key, user, (row, rotation) -> first(row, user, cutoff, rotation));
        if (attempt instanceof Attempt.Stale stale) {
            attempt = locked(key, user, (row, rotation) -> reread(row, user, cutoff, stale, rotation));
        }
        if (attempt instanceof Attempt.Failed failed) {
            throw failed.failure();
        }
        return attempt;
    }

    private Attempt locked(GrantKey key, String user,
                           BiFunction<Optional<StoredGrant>, Rotation, Outcome<Attempt>> work) {
        Rotation rotation = new Rotation();
        try {
            return store.withLock(key, row -> work.apply(row, rotation));
        } catch (TokenStoreUnavailableException down) {
            if (rotation.pending == null) {
                throw down;
            }
            return new Attempt.Served(pending.keepAndRetry(rotation.pending, user, down));
        }
    }

    private Outcome<Attempt> first(Optional<StoredGrant> row, String user, Instant cutoff, Rotation rotation) {
        if (row.isEmpty()) {
            return Outcome.unchanged(new Attempt.Failed(new NoOfflineGrantException(user)));
        }
        StoredGrant grant = row.get();
        if (grant.status() == GrantStatus.REVOKED) {
            return Outcome.unchanged(new Attempt.Failed(revokedException(grant)));
        }
        Outcome<Attempt> current = current(grant, cutoff);
        return current != null ? current : callProvider(grant, true, rotation);
    }

    private Outcome<Attempt> reread(Optional<StoredGrant> row, String user, Instant cutoff, Attempt.Stale stale,
                                    Rotation rotation) {
        if (row.isEmpty() || row.get().status() == GrantStatus.REVOKED) {
            return first(row, user, cutoff, rotation);
        }
        StoredGrant grant = row.get();
        if (grant.refreshToken().equals(stale.used())) {
            return rejected(grant, stale.error(), false);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "The grant of '" + grant.principal()
                + "' was rotated by another writer; retrying once with the stored token");
        Outcome<Attempt> current = current(grant, cutoff);
        return current != null ? current : callProvider(grant, false, rotation);
    }

    /** What is already there: the stored access token, or (keep-alive) a grant refreshed recently; else null. */
    private Outcome<Attempt> current(StoredGrant grant, Instant cutoff) {
        if (cutoff != null) {
            Instant last = grant.lastRefreshed() != null ? grant.lastRefreshed() : grant.created();
            return last.isBefore(cutoff) ? null : Outcome.unchanged(new Attempt.NotIdle());
        }
        if (grant.accessToken() == null || !isValid(grant.accessTokenExpiresAt())) {
            return null;
        }
        String value;
        try {
            value = cipher.open(grant.accessToken(), grant.key());
        } catch (SealedTokenException unreadable) {
            return null;
        }
        AccessToken token = new AccessToken(value, grant.accessTokenExpiresAt(), grant.scopes());
        return new Outcome<>(GrantRows.used(grant, clock.instant()), new Attempt.Served(token));
    }

    private Outcome<Attempt> callProvider(StoredGrant grant, boolean mayReread, Rotation rotation) {
        IssuedTokens issued;
        try {
            issued = endpoint.refresh(cipher.open(grant.refreshToken(), grant.key()), null);
        } catch (SealedTokenException unreadable) {
            return Outcome.unchanged(new Attempt.Failed(unreadable));
        } catch (ProviderRejectedException rejected) {
            return rejected(grant, rejected.error(), mayReread);
        } catch (ProviderUnavailableException down) {
            return Outcome.unchanged(new Attempt.Failed(new ProviderTemporarilyUnavailableException(grant.principal(),
                    "The provider could not refresh the offline token of '" + grant.principal() + "': "
                            + down.getMessage(), down)));
        }
        StoredGrant next = GrantRows.refreshed(grant, issued, cipher, clock.instant());
        AccessToken token = new AccessToken(issued.accessToken(), issued.accessTokenExpiresAt(), issued.scopes());
        rotation.pending = new PendingWrites.Pending(next, token, grant.refreshToken());
        return new Outcome<>(next, new Attempt.Served(token));
    }

    private Outcome<Attempt> rejected(StoredGrant grant, ProviderError error, boolean mayReread) {
        Verdict verdict = policy.verdict(error);
        if (verdict == Verdict.REREAD_THEN_REVOKE && mayReread) {
            return Outcome.unchanged(new Attempt.Stale(grant.refreshToken(), error));
        }
        Attempt failed = new Attempt.Failed(policy.exception(grant.principal(), error));
        if (!verdict.revokesGrant()) {
            return Outcome.unchanged(failed);
        }
        return new Outcome<>(GrantRows.revoked(grant, error.code(), error.description(), clock.instant()), failed);
    }

    private boolean isValid(Instant expiresAt) {
        return expiresAt != null && expiresAt.isAfter(clock.instant().plus(skew));
    }

    static OfflineGrantRevokedException revokedException(StoredGrant grant) {
        return new OfflineGrantRevokedException(grant.principal(),
                Objects.requireNonNullElse(grant.revokedError(), "revoked"), grant.revokedReason());
    }

    /** The rotated row of the running work, kept in case the commit fails after the provider answered. */
    private static final class Rotation {
        private PendingWrites.Pending pending;
    }
}
