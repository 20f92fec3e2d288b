package dev.offlineaccess.servlet;

import dev.offlineaccess.bearer.BearerAuthenticator;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.login.FlowPaths;
import dev.offlineaccess.login.WebFlow;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.session.ProviderCalls;
import dev.offlineaccess.tokens.KeepAlive;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.OfflineTokens;
import dev.offlineaccess.tokens.TokenCipher;

import java.time.Clock;
import java.util.Objects;

/**
 * Everything one filter runs on, wired from its settings: the provider facade (discovery happens on demand, so a
 * provider that is down does not stop the start), the JPA token store, the offline-token service and its
 * keep-alive, the bearer check, and the {@link WebFlow}. {@link #close()} stops the keep-alive and closes the store.
 * Thread-safe once built.
 */
final class AdapterRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AdapterRuntime.class.getName());

    private final JpaGrantStore store;
    private final OfflineTokenService tokens;
    private final KeepAlive keepAlive;
    private final WebFlow flow;

    private AdapterRuntime(JpaGrantStore store, OfflineTokenService tokens, KeepAlive keepAlive, WebFlow flow) {
        this.store = store;
        this.tokens = tokens;
        this.keepAlive = keepAlive;
        this.flow = flow;
    }

    /**
     * Builds and starts the runtime.
     *
     * @throws dev.offlineaccess.config.ConfigurationException            no usable encryption key, bad database URL
     * @throws dev.offlineaccess.tokens.TokenStoreUnavailableException the token database cannot be opened
     */
    static AdapterRuntime start(OidcSettings settings, FlowPaths paths, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        String issuer = settings.client().issuer().toString();
        String clientId = settings.client().clientId();
        OidcProvider provider = OidcProvider.create(settings, clock);
        TokenCipher cipher = TokenCipher.fromSettings(settings.store());
        JpaGrantStore store = JpaGrantStore.open(settings.store(), issuer, clientId);
        try {
            OfflineTokenService tokens = OfflineTokenService.builder().client(settings.client())
                    .tokenEndpoint(provider).store(store).cipher(cipher).clock(clock)
                    .clockSkew(settings.http().clockSkew()).build();
            KeepAlive keepAlive = tokens.keepAlive(settings.store().keepAlive());
            WebFlow flow = WebFlow.create(paths, settings, ProviderCalls.of(provider, clientId), tokens,
                    tokens::storeFromLogin,
                    new BearerChecks(BearerAuthenticator.create(settings, provider, clock), issuer), clock);
            if (settings.store().keepAlive().enabled()) {
                keepAlive.start();
            }
            LOG.log(System.Logger.Level.DEBUG, "OIDC filter ready: callback {0}, logout {1}", paths.callback(),
                    paths.logout());
            return new AdapterRuntime(store, tokens, keepAlive, flow);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    WebFlow flow() {
        return flow;
    }

    OfflineTokens tokens() {
        return tokens;
    }

    @Override
    public void close() {
        try {
            keepAlive.close();
        } finally {
            store.close();
        }
    }
}
