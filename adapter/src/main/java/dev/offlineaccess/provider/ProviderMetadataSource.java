package dev.offlineaccess.provider;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.offlineaccess.config.HttpSettings;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Discovery of {@code <issuer>/.well-known/openid-configuration}, on demand, with an exact issuer check.
 *
 * <p>Nothing is fetched at construction, so a provider that is down at start does not fail the deployment. The first
 * {@link #endpoints()} call discovers; a success is cached for the life of this object. After a failure, calls
 * fail fast (without a request) until the backoff has passed: 1 s after the first failure, doubling up to 60 s. One
 * thread fetches at a time; threads that arrive meanwhile wait for its result instead of sending their own request.
 *
 * <p>The document's {@code issuer} must equal the configured issuer string exactly (no trailing-slash or case
 * leniency, OIDC Discovery section 4.3); otherwise {@link ProviderMisconfiguredException} (also subject to the
 * backoff, so a corrected provider is picked up without a restart).
 *
 * <p>Thread-safe. Nulls: none accepted, none returned.
 */
public final class ProviderMetadataSource {
    /** Wait after the first failed discovery. */
    public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Longest wait between discovery attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final System.Logger LOG = System.getLogger(ProviderMetadataSource.class.getName());
    private static final String OPERATION = "discovery";

    private final URI issuer;
    private final ProviderHttp http;
    private final Backoff backoff;
    private volatile Discovered discovered;
    private ProviderMisconfiguredException lastMisconfiguration;
    private ProviderUnavailableException lastFailure;

    /** What discovery produced: our record and nimbus' parsed metadata. */
    record Discovered(ProviderEndpoints endpoints, OIDCProviderMetadata metadata) {
    }

    public ProviderMetadataSource(URI issuer, HttpSettings http, Clock clock) {
        this(issuer, new ProviderHttp(http), clock);
    }

    ProviderMetadataSource(URI issuer, ProviderHttp http, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.http = Objects.requireNonNull(http, "http");
        this.backoff = new Backoff(clock, INITIAL_BACKOFF, MAX_BACKOFF);
    }

    /** The discovered endpoints, discovering now if needed (see the class comment for backoff). */
    public ProviderEndpoints endpoints() throws ProviderUnavailableException {
        return discovered().endpoints();
    }

    /** Nimbus' view of the same document, for code inside this package. */
    OIDCProviderMetadata metadata() throws ProviderUnavailableException {
        return discovered().metadata();
    }

    private Discovered discovered() throws ProviderUnavailableException {
        Discovered known = discovered;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (discovered != null) {
                return discovered;
            }
            if (!backoff.mayTry()) {
                throw recentFailure();
            }
            try {
                discovered = fetch();
                backoff.succeeded();
                LOG.log(Level.DEBUG, "discovery of {0} succeeded", issuer);
                return discovered;
            } catch (ProviderUnavailableException e) {
                lastFailure = e;
                lastMisconfiguration = null;
                backoff.failed();
                throw e;
            } catch (ProviderMisconfiguredException e) {
                lastMisconfiguration = e;
                lastFailure = null;
                backoff.failed();
                LOG.log(Level.WARNING, "OIDC-DISCOVERY-ISSUER: {0}", e.getMessage());
                throw e;
            }
        }
    }

    /** The failure to report while the backoff lasts: a misconfiguration again, or "unavailable". */
    private ProviderUnavailableException recentFailure() {
        if (lastMisconfiguration != null) {
            throw new ProviderMisconfiguredException(lastMisconfiguration.problem(),
                    lastMisconfiguration.getMessage());
        }
        return new ProviderUnavailableException("discovery of " + issuer + " failed " + backoff.failures()
                + " time(s); next attempt not before " + backoff.nextAttempt(), lastFailure);
    }

    private Discovered fetch() throws ProviderUnavailableException {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, wellKnown());
        request.setAccept("application/json");
        Map<String, Object> json;
        try {
            json = http.sendForJson(OPERATION, request);
        } catch (ProviderRejectedException e) {
            throw new ProviderUnavailableException("discovery: the provider answered HTTP "
                    + e.error().httpStatus() + " for " + wellKnown(), e);
        }
        Object found = json.get("issuer");
        if (!(found instanceof String foundIssuer)) {
            throw new ProviderUnavailableException("discovery: the document at " + wellKnown() + " has no issuer");
        }
        if (!foundIssuer.equals(issuer.toString())) {
            throw new ProviderMisconfiguredException(ProviderMisconfiguredException.Problem.ISSUER_MISMATCH,
                    "the provider's discovery document names issuer '" + foundIssuer + "' but '" + issuer
                            + "' is configured; they must be equal character for character. Fix the configured"
                            + " issuer (auth-server-url and realm) or the provider's host name settings");
        }
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(new net.minidev.json.JSONObject(json));
            return new Discovered(toEndpoints(metadata), metadata);
        } catch (ParseException e) {
            throw new ProviderUnavailableException("discovery: the document at " + wellKnown()
                    + " is not valid OpenID Provider metadata", e);
        }
    }

    private URI wellKnown() {
        String base = issuer.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    }

    private ProviderEndpoints toEndpoints(OIDCProviderMetadata m) throws ProviderUnavailableException {
        if (m.getAuthorizationEndpointURI() == null || m.getTokenEndpointURI() == null || m.getJWKSetURI() == null) {
            throw new ProviderUnavailableException("discovery: the document lacks authorization_endpoint,"
                    + " token_endpoint or jwks_uri");
        }
        return new ProviderEndpoints(issuer, m.getAuthorizationEndpointURI(), m.getTokenEndpointURI(),
                m.getJWKSetURI(), m.getUserInfoEndpointURI(), m.getEndSessionEndpointURI(),
                m.getRevocationEndpointURI(), m.getIntrospectionEndpointURI(),
                m.supportsAuthorizationResponseIssuerParam(), m.supportsBackChannelLogout(),
                m.getScopes() == null ? Set.of() : Set.copyOf(m.getScopes().toStringList()),
                names(m.getTokenEndpointAuthMethods(), ClientAuthenticationMethod::getValue),
                names(m.getCodeChallengeMethods(), CodeChallengeMethod::getValue));
    }

    private static <T> Set<String> names(List<T> values, java.util.function.Function<T, String> name) {
        return values == null ? Set.of() : values.stream().map(name).collect(Collectors.toUnmodifiableSet());
    }
}
