package dev.offlineaccess.tokens;

import dev.offlineaccess.config.ClientSettings;
import dev.offlineaccess.config.StoreSettings.KeepAliveSettings;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.TokenEndpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The background token API over a {@link GrantStore}, a {@link TokenEndpoint} and a {@link TokenCipher}.
 *
 * <p>{@link #accessToken(GrantKey)} answers from an in-memory cache while the last access token is valid for
 * longer than the clock skew, without touching the store. Otherwise one caller per grant in this JVM does the work
 * (the others wait for its result) under the store's row lock: it uses the access token another node stored if
 * that one is still valid, or refreshes at the provider and writes the rotated refresh token and the new access
 * token before anyone gets the token. On {@code invalid_grant} it re-reads the row under the lock and retries once
 * if another writer rotated it meanwhile. See {@link ProviderErrorPolicy} for what each provider error does.
 *
 * <p>If the write of a rotated token fails, the row is kept in memory and written again with backoff
 * ({@link WriteRetry}); the caller gets the token only once it is stored, else {@link TokenStoreUnavailableException}
 * (the row stays in memory and is written before any later work on that grant).
 *
 * <p>A grant revoked or forgotten on another node is noticed here when this JVM's cached access token expires.
 *
 * <p>Thread-safe. No argument may be {@code null}. A {@link SealedTokenException} escapes when a stored token was
 * sealed with a key that is no longer configured.
 */
public final class OfflineTokenService implements OfflineTokens {
    private final String issuer;
    private final String clientId;
    private final GrantStore store;
    private final TokenEndpoint endpoint;
    private final TokenCipher cipher;
    private final ProviderErrorPolicy policy;
    private final Clock clock;
    private final AccessTokenCache cache;
    private final SingleFlight<GrantKey, AccessToken> flights = new SingleFlight<>();
    private final PendingWrites pending;
    private final GrantRefresher refresher;
    private final GrantMaintenance maintenance;

    private OfflineTokenService(Builder b) {
        this.issuer = b.client.issuer().toString();
        this.clientId = b.client.clientId();
        this.store = b.store;
        this.endpoint = b.endpoint;
        this.cipher = b.cipher;
        this.policy = b.policy;
        this.clock = b.clock;
        this.cache = new AccessTokenCache(b.clockSkew);
        this.pending = new PendingWrites(store, b.writeRetry, b.sleeper);
        this.refresher = new GrantRefresher(store, endpoint, cipher, policy, clock, b.clockSkew, pending);
        this.maintenance = new GrantMaintenance(store, endpoint, cipher, policy, clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AccessToken accessToken(String user) {
        Objects.requireNonNull(user, "user");
        Optional<GrantKey> known = cache.grantOf(user);
        if (known.isPresent()) {
            AccessToken cached = cache.valid(known.get(), clock.instant());
            if (cached != null) {
                return cached;
            }
            try {
                return obtain(known.get(), user);
            } catch (NoOfflineGrantException | OfflineGrantRevokedException mappingMayBeStale) {
                cache.forgetPrincipal(user);
                GrantKey now = resolve(user);
                if (now.equals(known.get())) {
                    throw mappingMayBeStale;
                }
                return obtain(now, user);
            }
        }
        return obtain(resolve(user), user);
    }

    @Override
    public AccessToken accessToken(GrantKey grant) {
        checkOwn(grant);
        AccessToken cached = cache.valid(grant, clock.instant());
        return cached != null ? cached : obtain(grant, grant.subject());
    }

    /**
     * Stores the offline grant of a login that just happened (a verified code exchange whose answer
     * {@link IssuedTokens#isOfflineGrant() granted offline access}): replaces any row of the key (new creation
     * time, ACTIVE) without revoking the old token at the provider, and caches the access token. The web session
     * of that login then gets its access tokens through {@link #accessToken(GrantKey)}: one refresh-token chain
     * per grant.
     *
     * @throws IllegalArgumentException       the tokens carry no refresh token, or the key is another client's
     * @throws TokenStoreUnavailableException nothing was stored
     */
    public GrantInfo storeFromLogin(GrantKey grant, String principal, IssuedTokens tokens) {
        checkOwn(grant);
        Objects.requireNonNull(principal, "principal");
        if (tokens.refreshToken() == null) {
            throw new IllegalArgumentException("the login returned no refresh token; there is no grant to store");
        }
        StoredGrant row = GrantRows.fresh(grant, principal, tokens, cipher, clock.instant(), false);
        store.withLock(grant, current -> new GrantStore.Outcome<>(
                GrantRows.withVersion(row, current.map(StoredGrant::version).orElse(0L)), null));
        pending.discard(grant);
        cache.replace(grant, principal, accessTokenOf(tokens));
        return row.info();
    }

    @Override
    public Optional<GrantInfo> find(String user) {
        return store.findByPrincipal(Objects.requireNonNull(user, "user")).map(StoredGrant::info);
    }

    @Override
    public List<GrantInfo> list(int first, int max) {
        if (first < 0 || max < 1) {
            throw new IllegalArgumentException("need first >= 0 and max >= 1");
        }
        return store.page(first, max).stream().map(StoredGrant::info).toList();
    }

    @Override
    public long count() {
        return store.count();
    }

    @Override
    public void revoke(String user) {
        GrantKey key = resolve(user);
        pending.flush(key);
        try {
            maintenance.revoke(key, user);
        } finally {
            cache.invalidate(key);
        }
    }

    /**
     * Marks the grant revoked because the provider already ended it (a back-channel logout that revoked the user's
     * offline sessions): under the store's row lock the row becomes REVOKED with {@code error}, {@code reason} and
     * the current time, and its stored access token is dropped; this JVM's cached access token goes too. The
     * provider is not called. Background calls for the grant then get {@link OfflineGrantRevokedException}.
     *
     * @param grant  the grant (of this service's issuer and client)
     * @param error  the {@code revokedError} to record, e.g. {@code backchannel_logout}
     * @param reason the {@code revokedReason} to record
     * @return whether a row changed: {@code false} when the grant has no row or was revoked already (its first
     *         reason is kept)
     * @throws TokenStoreUnavailableException nothing was marked
     */
    public boolean markRevoked(GrantKey grant, String error, String reason) {
        checkOwn(grant);
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(reason, "reason");
        try {
            boolean changed = maintenance.markRevoked(grant, error, reason);
            pending.discard(grant);
            return changed;
        } finally {
            cache.invalidate(grant);
        }
    }

    @Override
    public boolean forget(String user) {
        Optional<StoredGrant> row = store.findByPrincipal(Objects.requireNonNull(user, "user"));
        if (row.isEmpty()) {
            cache.grantOf(user).ifPresent(cache::invalidate);
            return false;
        }
        GrantKey key = row.get().key();
        boolean deleted = store.delete(key);
        pending.discard(key);
        cache.invalidate(key);
        return deleted;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The grant's subject comes from the {@code sub} of the refreshed access token (when it is a JWT) or of the
     * ID token; the row of that subject is replaced. If the provider rotated the token and the store fails, the new
     * token is kept and retried like any rotated token.
     *
     * <p>A token the provider's answer shows to be an ordinary (online) refresh token is refused: Keycloak types it
     * {@code Refresh} and grants no {@code offline_access}. Stored, it would die with the user's browser session
     * (30 minutes idle at Keycloak's default) while looking like an offline grant. A provider that says neither
     * (an opaque token and no scope in the answer) is taken at its word. The token was refreshed once either way.
     *
     * @throws IllegalArgumentException the provider's answer names no subject (an opaque access token and no ID
     *                                  token: request the {@code openid} scope for the token to import), or shows
     *                                  that the token is not an offline token; nothing is stored then
     */
    @Override
    public GrantInfo importToken(String user, String offlineToken) {
        Objects.requireNonNull(user, "user");
        IssuedTokens issued = proveImport(user, Objects.requireNonNull(offlineToken, "offlineToken"));
        if (!issued.isOfflineGrant() && issued.refreshTokenType() != null) {
            throw new IllegalArgumentException("the token imported for '" + user + "' is not an offline token: the"
                    + " provider refreshed it as a '" + issued.refreshTokenType() + "' token without the"
                    + " offline_access scope, so it would end with the user's browser session; obtain it with the"
                    + " scope 'openid offline_access'");
        }
        String subject = TokenSubject.of(issued).orElseThrow(() -> new IllegalArgumentException(
                "the imported token of '" + user + "' was refreshed, but neither the access token nor an ID token"
                        + " names its subject; request the openid scope for the token to import"));
        GrantKey key = new GrantKey(issuer, clientId, subject);
        StoredGrant row = GrantRows.fresh(key, user, issued, cipher, clock.instant(), true);
        AccessToken token = accessTokenOf(issued);
        try {
            store.withLock(key, current -> new GrantStore.Outcome<>(
                    GrantRows.withVersion(row, current.map(StoredGrant::version).orElse(0L)), null));
        } catch (TokenStoreUnavailableException down) {
            pending.keepAndRetry(new PendingWrites.Pending(row, token, null), user, down);
        }
        cache.replace(key, user, token);
        return row.info();
    }

    /**
     * Re-seals, under each row's lock, every stored token sealed with a key other than the primary one. Run it
     * after putting a new key first; then the old key can be removed. Rows that cannot be opened are skipped with
     * a warning ({@code OA-W004}).
     *
     * @return how many rows were rewritten
     */
    public int reencryptAll() {
        return maintenance.reencryptAll(pending);
    }

    /** A keep-alive for this service's grants; its owner starts and stops it. */
    public KeepAlive keepAlive(KeepAliveSettings settings) {
        GrantRefresher gated = refresher.through(new ProviderGate(endpoint, settings.concurrency()));
        return new KeepAlive(this, gated, settings, clock);
    }

    /** The key of this client's grant for a subject. */
    public GrantKey grantKey(String subject) {
        return new GrantKey(issuer, clientId, subject);
    }

    /** How many rotated rows wait in memory for the store (0 normally): worth a metric or a health check. */
    public int pendingWriteCount() {
        return pending.size();
    }

    /**
     * Writes the rotated rows still waiting in memory after a store outage (the keep-alive also does this on each
     * run). Each call for such a grant writes its row first anyway; this shortens the time a rotated token exists
     * only in this JVM.
     *
     * @return how many rows were written
     * @throws TokenStoreUnavailableException the store is still down; the rows stay pending
     */
    public int flushPendingWrites() {
        return pending.flushAll();
    }

    GrantStore store() {
        return store;
    }

    /** Keep-alive: refresh at the provider if the grant is idle since before {@code cutoff}; false if it is not. */
    boolean refreshIfIdle(GrantKey key, String user, Instant cutoff) {
        return refresher.refreshIfIdle(key, user, cutoff);
    }

    int inFlight() {
        return flights.size();
    }

    private AccessToken obtain(GrantKey key, String user) {
        return flights.run(key, () -> {
            AccessToken cached = cache.valid(key, clock.instant());
            if (cached != null) {
                return cached;
            }
            long stamp = cache.stamp();
            AccessToken fresh = refresher.obtain(key, user);
            cache.putIfUnchanged(key, fresh, stamp);
            return fresh;
        });
    }

    private GrantKey resolve(String user) {
        Objects.requireNonNull(user, "user");
        StoredGrant row = store.findByPrincipal(user).orElseThrow(() -> new NoOfflineGrantException(user));
        cache.remember(user, row.key());
        return row.key();
    }

    private IssuedTokens proveImport(String user, String offlineToken) {
        IssuedTokens issued;
        try {
            issued = endpoint.refresh(offlineToken, null);
        } catch (ProviderRejectedException rejected) {
            throw policy.exception(user, rejected.error());
        } catch (ProviderUnavailableException down) {
            throw new ProviderTemporarilyUnavailableException(user, "The provider could not refresh the token to"
                    + " import for '" + user + "': " + down.getMessage(), down);
        }
        return issued.refreshToken() != null ? issued : new IssuedTokens(issued.accessToken(),
                issued.accessTokenExpiresAt(), offlineToken, issued.refreshTokenType(), issued.refreshExpiresAt(),
                issued.scopes(), issued.idToken());
    }

    private void checkOwn(GrantKey grant) {
        if (!grant.issuer().equals(issuer) || !grant.clientId().equals(clientId)) {
            throw new IllegalArgumentException("the grant belongs to issuer " + grant.issuer() + " and client "
                    + grant.clientId() + ", not to this service's " + issuer + " and " + clientId);
        }
    }

    private static AccessToken accessTokenOf(IssuedTokens tokens) {
        return new AccessToken(tokens.accessToken(), tokens.accessTokenExpiresAt(), tokens.scopes());
    }

    @Override
    public String toString() {
        return "OfflineTokenService[issuer=" + issuer + ", clientId=" + clientId + "]";
    }

    /** Builds an {@link OfflineTokenService}. Not thread-safe; use it on one thread. */
    public static final class Builder {
        private ClientSettings client;
        private TokenEndpoint endpoint;
        private GrantStore store;
        private TokenCipher cipher;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(60);
        private ProviderErrorPolicy policy = new ProviderErrorPolicy();
        private WriteRetry writeRetry = WriteRetry.DEFAULT;
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder() {
        }

        /** The issuer and client id the grants belong to (required). */
        public Builder client(ClientSettings client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The provider's token and revocation endpoints (required). */
        public Builder tokenEndpoint(TokenEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** Where the grants live (required). */
        public Builder store(GrantStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Seals and opens the stored tokens (required); see {@link TokenCipher#fromSettings}. */
        public Builder cipher(TokenCipher cipher) {
            this.cipher = Objects.requireNonNull(cipher, "cipher");
            return this;
        }

        /** The clock (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** An access token is renewed once it expires within this (default 60 s, as {@code clock-skew}). */
        public Builder clockSkew(Duration clockSkew) {
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("the clock skew must not be negative");
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /** What provider errors do (default: {@link ProviderErrorPolicy}). */
        public Builder errorPolicy(ProviderErrorPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How a failed write of a rotated token is retried (default {@link WriteRetry#DEFAULT}). */
        public Builder writeRetry(WriteRetry writeRetry) {
            this.writeRetry = Objects.requireNonNull(writeRetry, "writeRetry");
            return this;
        }

        /** How the write retries wait (default {@link Sleeper#SYSTEM}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @throws IllegalStateException a required part is missing */
        public OfflineTokenService build() {
            if (client == null || endpoint == null || store == null || cipher == null) {
                throw new IllegalStateException("client, tokenEndpoint, store and cipher are required");
            }
            return new OfflineTokenService(this);
        }
    }
}
