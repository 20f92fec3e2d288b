package dev.offlineaccess.servlet;

import dev.offlineaccess.bearer.BearerAuthenticator;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.jpa.JpaEndedSessions;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.login.FlowPaths;
import dev.offlineaccess.login.WebFlow;
import dev.offlineaccess.logout.BackchannelLogoutHandler;
import dev.offlineaccess.logout.BackchannelLogoutOptions;
import dev.offlineaccess.logout.CachedEndedSessions;
import dev.offlineaccess.logout.LogoutTokenVerifier;
import dev.offlineaccess.logout.OfflineGrantRevocationException;
import dev.offlineaccess.logout.OfflineGrantRevoker;
import dev.offlineaccess.logout.SessionEndCheck;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.session.ProviderCalls;
import dev.offlineaccess.tokens.KeepAlive;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.OfflineTokens;
import dev.offlineaccess.tokens.TokenCipher;
import dev.offlineaccess.tokens.TokenStoreUnavailableException;

import java.time.Clock;
import java.util.Objects;

/**
 * Everything one filter runs on, wired from its settings: the provider facade (discovery happens on demand, so a
 * provider that is down does not stop the start), the JPA token store, the offline-token service and its
 * keep-alive, the bearer check, the {@link WebFlow}, and — when a back-channel logout path is configured — the
 * back-channel endpoint with the logout registry in the token database (on the store's connection pool, behind a
 * {@link CachedEndedSessions}) and the per-request {@link SessionEndCheck}. {@link #close()} stops the keep-alive
 * and closes the registry and the store. Thread-safe once built.
 */
final class AdapterRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AdapterRuntime.class.getName());

    private final JpaGrantStore store;
    private final OfflineTokenService tokens;
    private final KeepAlive keepAlive;
    private final WebFlow flow;
    private final Backchannel backchannel;

    /** The back-channel parts; {@code registry} and {@code endpoint} are {@code null} when it is off. */
    private record Backchannel(JpaEndedSessions registry, SessionEndCheck endings, BackchannelEndpoint endpoint) {
        static final Backchannel OFF = new Backchannel(null, SessionEndCheck.off(), null);
    }

    private AdapterRuntime(JpaGrantStore store, OfflineTokenService tokens, KeepAlive keepAlive, WebFlow flow,
                           Backchannel backchannel) {
        this.store = store;
        this.tokens = tokens;
        this.keepAlive = keepAlive;
        this.flow = flow;
        this.backchannel = backchannel;
    }

    /**
     * Builds and starts the runtime.
     *
     * @param backchannelPath the back-channel logout path, or {@code null} when back-channel logout is off
     * @throws dev.offlineaccess.config.ConfigurationException             no usable encryption key, bad database URL
     * @throws dev.offlineaccess.tokens.TokenStoreUnavailableException     the token database cannot be opened
     * @throws dev.offlineaccess.logout.EndedSessionsUnavailableException  the logout registry's tables cannot be read
     */
    static AdapterRuntime start(OidcSettings settings, FlowPaths paths, String backchannelPath, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        String issuer = settings.client().issuer().toString();
        String clientId = settings.client().clientId();
        OidcProvider provider = OidcProvider.create(settings, clock);
        TokenCipher cipher = TokenCipher.fromSettings(settings.store());
        JpaGrantStore store = JpaGrantStore.open(settings.store(), issuer, clientId);
        Backchannel backchannel = Backchannel.OFF;
        try {
            OfflineTokenService tokens = OfflineTokenService.builder().client(settings.client())
                    .tokenEndpoint(provider).store(store).cipher(cipher).clock(clock)
                    .clockSkew(settings.http().clockSkew()).build();
            if (backchannelPath != null) {
                backchannel = backchannel(settings, provider, store, tokens, backchannelPath, clock);
            }
            KeepAlive keepAlive = tokens.keepAlive(settings.store().keepAlive());
            WebFlow flow = WebFlow.create(paths, settings, ProviderCalls.of(provider, clientId), tokens,
                    tokens::storeFromLogin,
                    new BearerChecks(BearerAuthenticator.create(settings, provider, clock), issuer),
                    backchannel.endings(), clock);
            if (settings.store().keepAlive().enabled()) {
                keepAlive.start();
            }
            LOG.log(System.Logger.Level.DEBUG, "OIDC filter ready: callback {0}, logout {1}, back-channel logout {2}",
                    paths.callback(), paths.logout(), backchannelPath == null ? "off" : backchannelPath);
            return new AdapterRuntime(store, tokens, keepAlive, flow, backchannel);
        } catch (RuntimeException e) {
            try {
                closeRegistry(backchannel);
            } finally {
                store.close();
            }
            throw e;
        }
    }

    /**
     * The registry on the store's connections with a cache in front (one query per session per
     * {@link CachedEndedSessions#DEFAULT_TTL}, the cross-node propagation delay), the token verifier marking its
     * {@code jti}s there, and the handler whose {@code revoke_offline_access} marks the user's grant revoked.
     */
    private static Backchannel backchannel(OidcSettings settings, OidcProvider provider, JpaGrantStore store,
                                           OfflineTokenService tokens, String path, Clock clock) {
        JpaEndedSessions registry = JpaEndedSessions.sharing(store);
        CachedEndedSessions cached = new CachedEndedSessions(registry, clock);
        SessionEndCheck endings = new SessionEndCheck(cached, clock);
        BackchannelLogoutHandler handler = new BackchannelLogoutHandler(
                LogoutTokenVerifier.create(settings, provider, cached, clock), cached, revoker(tokens),
                BackchannelLogoutOptions.defaults(), clock);
        return new Backchannel(registry, endings, new BackchannelEndpoint(path, handler, endings));
    }

    /** Marks the user's stored grant revoked without calling the provider, which ended the offline session itself. */
    static OfflineGrantRevoker revoker(OfflineTokenService tokens) {
        return logout -> {
            try {
                tokens.markRevoked(tokens.grantKey(logout.subject()), OfflineGrantRevoker.ERROR,
                        OfflineGrantRevoker.REASON);
            } catch (TokenStoreUnavailableException e) {
                throw new OfflineGrantRevocationException("the token store is unavailable", e);
            }
        };
    }

    WebFlow flow() {
        return flow;
    }

    OfflineTokens tokens() {
        return tokens;
    }

    /** The back-channel logout endpoint, or {@code null} when it is off. */
    BackchannelEndpoint backchannel() {
        return backchannel.endpoint();
    }

    /** Whether the provider ended a signed-in session (never, when back-channel logout is off). */
    SessionEndCheck endings() {
        return backchannel.endings();
    }

    @Override
    public void close() {
        try {
            keepAlive.close();
        } finally {
            try {
                closeRegistry(backchannel);
            } finally {
                store.close();
            }
        }
    }

    private static void closeRegistry(Backchannel backchannel) {
        if (backchannel.registry() != null) {
            backchannel.registry().close();
        }
    }
}
