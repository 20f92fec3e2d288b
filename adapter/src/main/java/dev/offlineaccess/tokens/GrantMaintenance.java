package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.TokenEndpoint;
import dev.offlineaccess.tokens.GrantStore.Outcome;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The locked administrative works on grants: revocation at the provider (RFC 7009), marking a grant revoked that the
 * provider already ended, and re-encryption under the primary key. Like {@link GrantRefresher}, each locked work returns its failure instead of throwing it, so the
 * store commits (or not) before the caller sees an exception. Thread-safe.
 */
final class GrantMaintenance {
    static final String UNREADABLE_ID = "OA-W004";
    static final String REVOKED_REASON = "Revoked by the application";
    private static final int PAGE = 100;
    private static final System.Logger LOG = System.getLogger(GrantMaintenance.class.getName());

    private final GrantStore store;
    private final TokenEndpoint endpoint;
    private final TokenCipher cipher;
    private final ProviderErrorPolicy policy;
    private final Clock clock;

    GrantMaintenance(GrantStore store, TokenEndpoint endpoint, TokenCipher cipher, ProviderErrorPolicy policy,
                     Clock clock) {
        this.store = store;
        this.endpoint = endpoint;
        this.cipher = cipher;
        this.policy = policy;
        this.clock = clock;
    }

    /** Revokes at the provider, then marks the row revoked; a revoked row is left as it is. */
    void revoke(GrantKey key, String user) {
        Optional<RuntimeException> failure = store.withLock(key, row -> {
            if (row.isEmpty()) {
                return Outcome.unchanged(Optional.of(new NoOfflineGrantException(user)));
            }
            StoredGrant grant = row.get();
            return grant.status() == GrantStatus.REVOKED ? Outcome.unchanged(Optional.empty()) : revoke(grant);
        });
        failure.ifPresent(f -> {
            throw f;
        });
    }

    /**
     * Marks the row revoked without calling the provider (it already ended the grant). A missing row, or one revoked
     * already (whose first reason is kept), is left as it is.
     *
     * @return whether a row changed
     */
    boolean markRevoked(GrantKey key, String error, String reason) {
        return store.withLock(key, row -> row.isEmpty() || row.get().status() == GrantStatus.REVOKED
                ? Outcome.unchanged(false)
                : new Outcome<>(GrantRows.revoked(row.get(), error, reason, clock.instant()), true));
    }

    private Outcome<Optional<RuntimeException>> revoke(StoredGrant grant) {
        String principal = grant.principal();
        try {
            endpoint.revokeRefreshToken(cipher.open(grant.refreshToken(), grant.key()));
        } catch (SealedTokenException unreadable) {
            return Outcome.unchanged(Optional.of(unreadable));
        } catch (ProviderUnavailableException down) {
            return Outcome.unchanged(Optional.of(new ProviderTemporarilyUnavailableException(principal,
                    "The provider could not revoke the offline token of '" + principal + "': " + down.getMessage(),
                    down)));
        } catch (ProviderRejectedException rejected) {
            if (!policy.revocationVerdict(rejected.error()).revokesGrant()) {
                return Outcome.unchanged(Optional.of(policy.exception(principal, rejected.error())));
            }
        }
        StoredGrant revoked = GrantRows.revoked(grant, GrantRows.REVOKED_BY_APPLICATION, REVOKED_REASON,
                clock.instant());
        return new Outcome<>(revoked, Optional.empty());
    }

    /** Re-seals every row that has a token sealed with an older key; skips rows with a pending write. */
    int reencryptAll(PendingWrites pending) {
        int moved = 0;
        int first = 0;
        List<StoredGrant> page;
        do {
            page = store.page(first, PAGE);
            for (StoredGrant row : page) {
                if (GrantRows.needsReseal(row, cipher) && !pending.has(row.key())) {
                    moved += reencrypt(row.key());
                }
            }
            first += page.size();
        } while (page.size() == PAGE);
        return moved;
    }

    private int reencrypt(GrantKey key) {
        return store.withLock(key, row -> {
            if (row.isEmpty() || !GrantRows.needsReseal(row.get(), cipher)) {
                return Outcome.unchanged(0);
            }
            try {
                return new Outcome<>(GrantRows.resealed(row.get(), cipher), 1);
            } catch (SealedTokenException unreadable) {
                LOG.log(Level.WARNING, () -> UNREADABLE_ID + ": the grant of '" + row.get().principal()
                        + "' cannot be re-encrypted: " + unreadable.getMessage());
                return Outcome.unchanged(0);
            }
        });
    }
}
