package dev.offlineaccess.benchmarks.support;

import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.TokenEndpoint;
import dev.offlineaccess.tokens.GrantStore;
import dev.offlineaccess.tokens.OfflineTokenService;
import dev.offlineaccess.tokens.TokenCipher;

import java.time.Clock;
import java.time.Duration;

/** The offline-token service wired as the filter wires it (provider facade, JPA store, cipher from settings). */
public final class TokenServices {
    private TokenServices() {
    }

    /**
     * @param settings     the configuration (provider, client, store)
     * @param store        the store to use (e.g. a counting wrapper around {@link #openStore})
     * @param serviceClock the service's clock (the provider keeps the system clock for token checks)
     * @param skew         the service's clock skew
     */
    public static OfflineTokenService service(OidcSettings settings, GrantStore store, Clock serviceClock,
                                              Duration skew) {
        return service(settings, store, provider(settings), serviceClock, skew);
    }

    /** The same with another token endpoint, e.g. a {@link PhaseTimer} around {@link #provider}. */
    public static OfflineTokenService service(OidcSettings settings, GrantStore store, TokenEndpoint endpoint,
                                              Clock serviceClock, Duration skew) {
        return OfflineTokenService.builder().client(settings.client()).tokenEndpoint(endpoint).store(store)
                .cipher(TokenCipher.fromSettings(settings.store())).clock(serviceClock).clockSkew(skew).build();
    }

    /** The provider facade as the filter makes it, on the system clock. */
    public static OidcProvider provider(OidcSettings settings) {
        return OidcProvider.create(settings, Clock.systemUTC());
    }

    public static JpaGrantStore openStore(OidcSettings settings) {
        return JpaGrantStore.open(settings.store(), settings.client().issuer().toString(),
                settings.client().clientId());
    }
}
