package dev.offlineaccess.bearer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.offlineaccess.bearer.BearerResult.Authenticated;

/**
 * The JWT access tokens a full check admitted, so that a token presented again is not verified again (an RS256
 * signature check is most of a bearer check's cost, and a client reuses its token for the token's whole life).
 *
 * <p>What is kept, per token: the {@link Authenticated} answer of the full check, keyed by the SHA-256 of the exact
 * token string ({@link TokenDigest}; the token is never kept), with the token's {@code exp} and {@code nbf}. Only
 * admitted tokens are kept: a rejected one, a 403 and a 503 are decided afresh every time.
 *
 * <p>A kept answer is served only while the injected clock is inside the token's own validity, {@code nbf <= now <
 * exp}, checked on every hit, and for at most {@code maxAge} after the full check. Outside that window the token is
 * checked in full again (which applies the clock skew and answers as it would for a token never seen). So the cache
 * answers exactly what a full check would answer now. Every kept answer also remembers the provider's key-set
 * generation it was checked under: once a re-fetch of the JWKS brings a different key set (a key withdrawn, added or
 * changed), every kept answer is a miss and the token is checked in full against the new keys. Until that re-fetch
 * (at the latest when the cached key set ages out, or when a token with an unknown {@code kid} arrives), a withdrawn
 * key is trusted here exactly as long as the full check trusts it.
 *
 * <p>Thread-safe: a hit takes no lock (see {@link TokenDigestCache}). Two threads presenting a new token together
 * may both check it in full; both get the same answer.
 */
final class VerifiedJwts {
    private final TokenDigestCache<Admitted> admitted;
    private final Duration maxAge;
    private final Clock clock;
    private final LongSupplier keySetGeneration;

    /**
     * A full check's answer, the instant before which it must not be served ({@code nbf}, or {@code null}), and the
     * provider's key set it was checked against (its generation).
     */
    private record Admitted(Authenticated answer, Instant notBefore, long keySet) {
    }

    /**
     * @param maxEntries the most tokens kept; zero turns the cache off
     * @param maxAge     how long after its full check an answer is served at most; positive
     * @param clock      the time source, the same the provider checks {@code exp} and {@code nbf} with
     * @param keySetGeneration the provider's key-set generation: a change makes every kept answer a miss
     */
    VerifiedJwts(int maxEntries, Duration maxAge, Clock clock, LongSupplier keySetGeneration) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        this.admitted = new TokenDigestCache<>(maxEntries);
        this.maxAge = maxAge;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keySetGeneration = Objects.requireNonNull(keySetGeneration, "keySetGeneration");
    }

    /**
     * The answer for {@code jwt}: the kept one when this exact token was admitted before and is still within its
     * validity, else {@code fullCheck}'s, which is kept when it admits the token.
     */
    BearerResult check(String jwt, Function<String, BearerResult> fullCheck) {
        if (admitted.maxEntries() == 0) {
            return fullCheck.apply(jwt);
        }
        TokenDigest key = TokenDigest.of(jwt);
        Instant now = clock.instant();
        long keySet = keySetGeneration.getAsLong();
        Admitted hit = admitted.get(key, now);
        if (hit != null && hit.keySet() == keySet && (hit.notBefore() == null || !now.isBefore(hit.notBefore()))) {
            return hit.answer();
        }
        BearerResult answer = fullCheck.apply(jwt);
        if (answer instanceof Authenticated authenticated) {
            remember(key, authenticated, keySet);
        }
        return answer;
    }

    /** How many tokens are kept now. */
    int size() {
        return admitted.size();
    }

    @Override
    public String toString() {
        return "VerifiedJwts[maxAge=" + maxAge + ", " + admitted + "]";
    }

    /** Keeps an admitted answer under the key-set generation read before its check (a later change: a miss). */
    private void remember(TokenDigest key, Authenticated answer, long keySet) {
        Instant expiresAt = epochSeconds(answer.claims(), "exp");
        boolean hasNotBefore = answer.claims().get("nbf") != null;
        Instant notBefore = hasNotBefore ? epochSeconds(answer.claims(), "nbf") : null;
        if (expiresAt == null || (hasNotBefore && notBefore == null)) {
            return;   // cannot happen after a full JWT check (both are NumericDates then); never guess
        }
        Instant now = clock.instant();
        Instant maxAgeEnd = now.plus(maxAge);
        admitted.put(key, new Admitted(answer, notBefore, keySet), expiresAt.isBefore(maxAgeEnd) ? expiresAt : maxAgeEnd,
                now);
    }

    /** A NumericDate claim as the full check reads it (whole seconds), or {@code null} when it is no number. */
    private static Instant epochSeconds(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()) : null;
    }
}
