package dev.offlineaccess.provider;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;

import java.lang.System.Logger.Level;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The provider's signing keys from {@code jwks_uri}, cached.
 *
 * <ul>
 *   <li>Fetched on first use, then kept. After {@link #MAX_AGE} the next use re-fetches (a failed re-fetch keeps the
 *       old keys), so keys the provider removed stop being trusted.</li>
 *   <li>A token whose {@code kid} (or algorithm) matches no cached key triggers one re-fetch, at most once per
 *       {@link #UNKNOWN_KEY_REFETCH_INTERVAL} — this is how a key rotation at the provider is followed, and why a
 *       flood of tokens with made-up {@code kid}s cannot make us hammer the provider.</li>
 *   <li>While no keys could be fetched at all, failed fetches back off like discovery (1 s doubling to 60 s).</li>
 * </ul>
 *
 * <p>Nimbus' {@code JWKSourceBuilder} does similar caching but reads the system time; this class takes the injected
 * {@link Clock} so tests move time instead of sleeping. Thread-safe: one fetch at a time, readers never block on a
 * cached key.
 */
final class JwksKeys {
    /** Minimum time between two re-fetches caused by an unknown key. */
    static final Duration UNKNOWN_KEY_REFETCH_INTERVAL = Duration.ofSeconds(30);
    /** Age after which the cached key set is re-fetched on next use. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final System.Logger LOG = System.getLogger(JwksKeys.class.getName());
    private static final String OPERATION = "jwks";

    private final ProviderMetadataSource metadata;
    private final ProviderHttp http;
    private final Clock clock;
    private final Backoff backoff;
    private volatile Snapshot snapshot;
    private volatile long generation;
    private long fetchCount;

    /** A fetched key set, with each key converted to its Java form once (by identity: the selector returns them). */
    private record Snapshot(JWKSet keys, Instant fetchedAt, Map<JWK, List<Key>> javaKeys) {
        Snapshot(JWKSet keys, Instant fetchedAt) {
            this(keys, fetchedAt, convert(keys));
        }

        private static Map<JWK, List<Key>> convert(JWKSet keys) {
            Map<JWK, List<Key>> converted = new IdentityHashMap<>();
            for (JWK jwk : keys.getKeys()) {
                converted.put(jwk, List.copyOf(KeyConverter.toJavaKeys(List.of(jwk))));
            }
            return Collections.unmodifiableMap(converted);
        }
    }

    JwksKeys(ProviderMetadataSource metadata, ProviderHttp http, Clock clock) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = new Backoff(clock, ProviderMetadataSource.INITIAL_BACKOFF, ProviderMetadataSource.MAX_BACKOFF);
    }

    /** The cached keys that may have signed a JWS with this header, re-fetching once (throttled) if none. */
    List<JWK> candidates(JWSHeader header) throws ProviderUnavailableException {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
        Snapshot current = fresh();
        List<JWK> found = selector.select(current.keys());
        if (found.isEmpty()) {
            found = selector.select(refetchForUnknownKey(current).keys());
        }
        return found;
    }

    /**
     * The Java keys of {@code candidates} (from {@link #candidates}): converted when their key set was fetched, not
     * per token (the conversion decodes the modulus; it was a tenth of a bearer check's time).
     */
    List<Key> javaKeys(List<JWK> candidates) {
        Snapshot current = snapshot;
        List<Key> keys = new ArrayList<>(candidates.size());
        for (JWK jwk : candidates) {
            List<Key> converted = current == null ? null : current.javaKeys().get(jwk);
            keys.addAll(converted != null ? converted : KeyConverter.toJavaKeys(List.of(jwk)));
        }
        return keys;
    }

    /**
     * Goes up each time a fetch returns a key set that differs from the one before (a key added, withdrawn or
     * changed), so that whoever remembers what an older key set admitted can tell it is out of date.
     */
    long generation() {
        return generation;
    }

    /** How many times the key set was fetched (for tests). */
    synchronized long fetchCount() {
        return fetchCount;
    }

    private Snapshot fresh() throws ProviderUnavailableException {
        Snapshot current = snapshot;
        if (current != null && clock.instant().isBefore(current.fetchedAt().plus(MAX_AGE))) {
            return current;
        }
        synchronized (this) {
            current = snapshot;
            if (current != null && clock.instant().isBefore(current.fetchedAt().plus(MAX_AGE))) {
                return current;
            }
            if (current != null) {
                return fetchOrKeep(current);
            }
            if (!backoff.mayTry()) {
                throw new ProviderUnavailableException("jwks: the provider's keys could not be fetched; next"
                        + " attempt not before " + backoff.nextAttempt());
            }
            return fetchOrFail();
        }
    }

    private synchronized Snapshot refetchForUnknownKey(Snapshot seen) throws ProviderUnavailableException {
        Snapshot current = snapshot;
        if (current != seen) {
            return current;   // another thread re-fetched meanwhile
        }
        if (clock.instant().isBefore(current.fetchedAt().plus(UNKNOWN_KEY_REFETCH_INTERVAL))) {
            return current;
        }
        LOG.log(Level.DEBUG, "jwks: unknown key, re-fetching");
        return fetchOrKeep(current);
    }

    private Snapshot fetchOrKeep(Snapshot stale) {
        try {
            return fetchOrFail();
        } catch (ProviderUnavailableException e) {
            LOG.log(Level.DEBUG, "jwks: re-fetch failed, keeping the cached keys: {0}", e.getMessage());
            snapshot = new Snapshot(stale.keys(), clock.instant());   // do not retry on every token
            return snapshot;
        }
    }

    private Snapshot fetchOrFail() throws ProviderUnavailableException {
        fetchCount++;
        try {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, metadata.endpoints().jwksUri());
            request.setAccept("application/json");
            Map<String, Object> json = http.sendForJson(OPERATION, request);
            JWKSet keys = JWKSet.parse(json).toPublicJWKSet();
            Snapshot previous = snapshot;
            snapshot = new Snapshot(keys, clock.instant());
            if (previous != null && !previous.keys().equals(keys)) {
                generation++;   // only fetching threads write it, one at a time (callers hold this monitor)
            }
            backoff.succeeded();
            return snapshot;
        } catch (ProviderRejectedException e) {
            backoff.failed();
            throw new ProviderUnavailableException("jwks: the provider answered HTTP " + e.error().httpStatus(), e);
        } catch (ParseException e) {
            backoff.failed();
            throw new ProviderUnavailableException("jwks: the key set is not a valid JWK set", e);
        } catch (ProviderUnavailableException e) {
            backoff.failed();
            throw e;
        }
    }
}
