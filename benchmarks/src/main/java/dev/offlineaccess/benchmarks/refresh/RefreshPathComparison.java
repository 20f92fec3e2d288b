package dev.offlineaccess.benchmarks.refresh;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.offlineaccess.benchmarks.support.Latencies;
import dev.offlineaccess.benchmarks.support.Machine;
import dev.offlineaccess.benchmarks.support.PhaseTimer;
import dev.offlineaccess.benchmarks.support.Postgres;
import dev.offlineaccess.benchmarks.support.Report;
import dev.offlineaccess.benchmarks.support.Settings;
import dev.offlineaccess.benchmarks.support.SteppingClock;
import dev.offlineaccess.benchmarks.support.TokenServices;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.jpa.JpaGrantStore;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.GrantResult;
import dev.offlineaccess.testing.keycloak.KeycloakAdmin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import dev.offlineaccess.tokens.OfflineTokenService;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measure 4: one refresh through the token API ({@code accessToken(user)} when the access token must be renewed:
 * single-flight, row lock, decrypt, refresh, encrypt, write, commit) against a bare nimbus refresh request (build,
 * send, parse) to the same real Keycloak ({@code demo} realm, no rotation, so one offline token may be replayed).
 * The token API runs on the embedded H2 file (the default store) and on PostgreSQL; its clock is moved an hour
 * ahead before each call, past the last token's expiry, so every call refreshes. A fourth variant, PostgreSQL with {@code synchronous_commit=off}, is a diagnostic only
 * (never a setting to use for tokens): it shows how much of the difference is the commit's wait for the disk. The three take turns in batches, in a rotating order, one call at a time, so that Keycloak's
 * drift hits all alike.
 *
 * <p>Arguments: {@code warmupSeconds measureSeconds batch}.
 */
public final class RefreshPathComparison {
    private RefreshPathComparison() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        URI base = KeycloakServer.baseUrl();
        String issuer = base + "/realms/" + DemoRealms.DEMO;
        KeycloakAdmin keycloak = new KeycloakAdmin(base, DemoRealms.DEMO);
        GrantResult grant = keycloak.directGrant(DemoRealms.ALICE, DemoRealms.ALICE, DemoRealms.OFFLINE_SCOPE);
        if (!grant.ok()) {
            throw new IllegalStateException("password grant failed: " + grant.error());
        }
        String offlineToken = grant.refreshToken();
        Path dir = Files.createTempDirectory("bench-refresh");
        try (Postgres postgres = Postgres.start()) {
            OidcSettings h2 = settings(issuer, Settings.store(dir.resolve("tokens"), null, null));
            OidcSettings pg = settings(issuer, Settings.store(null, postgres.createDatabase("refresh"), "postgres"));
            String asyncUrl = postgres.createDatabase("refresh_async");
            try (var c = postgres.connect("postgres"); var s = c.createStatement()) {
                s.execute("ALTER DATABASE refresh_async SET synchronous_commit = off");
            }
            OidcSettings pgAsync = settings(issuer, Settings.store(null, asyncUrl, "postgres"));
            PhaseTimer h2Phases = new PhaseTimer();
            PhaseTimer pgPhases = new PhaseTimer();
            PhaseTimer asyncPhases = new PhaseTimer();
            try (JpaGrantStore h2Store = TokenServices.openStore(h2);
                 JpaGrantStore pgStore = TokenServices.openStore(pg);
                 JpaGrantStore asyncStore = TokenServices.openStore(pgAsync)) {
                SteppingClock clock = new SteppingClock();
                OfflineTokenService viaH2 = service(h2, h2Store, h2Phases, offlineToken, clock);
                OfflineTokenService viaPg = service(pg, pgStore, pgPhases, offlineToken, clock);
                OfflineTokenService viaAsync = service(pgAsync, asyncStore, asyncPhases, offlineToken, clock);
                TokenRequest bare = new TokenRequest(URI.create(issuer + "/protocol/openid-connect/token"),
                        new ClientSecretBasic(new ClientID(DemoRealms.CLIENT_ID), new Secret(DemoRealms.CLIENT_SECRET)),
                        new RefreshTokenGrant(new RefreshToken(offlineToken)));
                Map<String, Callable<Object>> variants = new LinkedHashMap<>();
                variants.put("bare nimbus refresh", () -> bareRefresh(bare));
                var facade = TokenServices.provider(h2);
                variants.put("diagnostic: the adapter's provider facade alone (OidcProvider.refresh)",
                        () -> facade.refresh(offlineToken, null));
                String[] latest = {offlineToken};
                variants.put("diagnostic: the facade alone, each time with the token the last refresh returned",
                        () -> {
                            var issued = facade.refresh(latest[0], null);
                            latest[0] = issued.refreshToken();
                            return issued;
                        });
                variants.put("token API, H2 store", () -> expiredThen(clock, () -> viaH2.accessToken(DemoRealms.ALICE)));
                variants.put("token API, PostgreSQL store",
                        () -> expiredThen(clock, () -> viaPg.accessToken(DemoRealms.ALICE)));
                variants.put("diagnostic: PostgreSQL with synchronous_commit=off (no fsync wait)",
                        () -> expiredThen(clock, () -> viaAsync.accessToken(DemoRealms.ALICE)));
                Report.section("4. Token API refresh path vs a bare nimbus refresh (Keycloak " + base + ", realm "
                        + DemoRealms.DEMO + ", " + measure + " s measured after " + warmup + " s warm-up, batches of "
                        + batch + ")");
                run(variants, warmup, batch);
                h2Phases.reset();
                pgPhases.reset();
                asyncPhases.reset();
                Map<String, Latencies> results = run(variants, measure, batch);
                summarize(results);
                Report.line("- where the H2 calls spend it, %s", h2Phases.summary());
                Report.line("- where the PostgreSQL calls spend it, %s", pgPhases.summary());
                Report.line("- where the synchronous_commit=off calls spend it, %s", asyncPhases.summary());
            }
        }
    }

    private static OidcSettings settings(String issuer, Map<String, Object> store) {
        return Settings.load(Settings.config(issuer, DemoRealms.CLIENT_ID, DemoRealms.CLIENT_SECRET, store));
    }

    /** Moves the services' clock past every token's expiry (an atomic add, inside the timing), then calls. */
    private static Object expiredThen(SteppingClock clock, Callable<Object> call) throws Exception {
        clock.advance(Duration.ofHours(1));
        return call.call();
    }

    private static OfflineTokenService service(OidcSettings settings, JpaGrantStore store, PhaseTimer phases,
                                               String offlineToken, Clock clock) {
        OfflineTokenService service = TokenServices.service(settings, phases.store(store),
                phases.endpoint(TokenServices.provider(settings)), clock, Duration.ofSeconds(60));
        service.importToken(DemoRealms.ALICE, offlineToken);
        return service;
    }

    private static Object bareRefresh(TokenRequest request) throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new IllegalStateException("refresh failed: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse().getTokens().getAccessToken();
    }

    private static Map<String, Latencies> run(Map<String, Callable<Object>> variants, int seconds, int batch)
            throws Exception {
        Map<String, Latencies> results = new LinkedHashMap<>();
        variants.keySet().forEach(name -> results.put(name, new Latencies()));
        List<String> names = new ArrayList<>(variants.keySet());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int round = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                Callable<Object> call = variants.get(name);
                for (int n = 0; n < batch; n++) {
                    long start = System.nanoTime();
                    if (call.call() == null) {
                        throw new IllegalStateException(name + " returned nothing");
                    }
                    results.get(name).record(System.nanoTime() - start);
                }
            }
            round++;
        }
        return results;
    }

    private static void summarize(Map<String, Latencies> results) {
        Latencies bare = results.get("bare nimbus refresh");
        results.forEach((name, latencies) -> Report.line("- %s: %s", name, latencies.summaryMillis()));
        results.forEach((name, latencies) -> {
            if (latencies != bare) {
                Report.line("- %s / bare: mean **%.3f**, p50 %.3f, p99 %.3f (target mean <= 1.10); added mean %.0f us",
                        name, latencies.meanNanos() / bare.meanNanos(),
                        (double) latencies.percentile(50) / bare.percentile(50),
                        (double) latencies.percentile(99) / bare.percentile(99),
                        (latencies.meanNanos() - bare.meanNanos()) / 1e3);
            }
        });
        Report.line("- load average at the end: %s", Machine.loadAverage());
    }
}
