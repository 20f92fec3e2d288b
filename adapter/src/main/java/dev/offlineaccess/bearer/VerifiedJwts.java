package dev.offlineaccess.bearer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

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
 * answers exactly what a full check would answer now, with one exception: a signing key the provider withdraws is
 * still trusted, for tokens already seen, until their entries reach {@code maxAge}. The full check itself trusts a
 * withdrawn key until its cached key set is re-fetched.
 *
 * <p>Thread-safe: a hit takes no lock (see {@link TokenDigestCache}). Two threads presenting a new token together
 * may both check it in full; both get the same answer.
 */
final class VerifiedJwts {
    private final TokenDigestCache<Admitted> admitted;
    private final Duration maxAge;
    private final Clock clock;

    /** A full check's answer and the instant before which it must not be served ({@code nbf}, or {@code null}). */
    private record Admitted(Authenticated answer, Instant notBefore) {
    }

    /**
     * @param maxEntries the most tokens kept; zero turns the cache off
     * @param maxAge     how long after its full check an answer is served at most; positive
     * @param clock      the time source, the same the provider checks {@code exp} and {@code nbf} with
     */
    VerifiedJwts(int maxEntries, Duration maxAge, Clock clock) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        this.admitted = new TokenDigestCache<>(maxEntries);
        this.maxAge = maxAge;
        this.clock = Objects.requireNonNull(clock, "clock");
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
        Admitted hit = admitted.get(key, now);
        if (hit != null && (hit.notBefore() == null || !now.isBefore(hit.notBefore()))) {
            return hit.answer();
        }
        BearerResult answer = fullCheck.apply(jwt);
        if (answer instanceof Authenticated authenticated) {
            remember(key, authenticated);
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

    private void remember(TokenDigest key, Authenticated answer) {
        Instant expiresAt = epochSeconds(answer.claims(), "exp");
        boolean hasNotBefore = answer.claims().get("nbf") != null;
        Instant notBefore = hasNotBefore ? epochSeconds(answer.claims(), "nbf") : null;
        if (expiresAt == null || (hasNotBefore && notBefore == null)) {
            return;   // cannot happen after a full JWT check (both are NumericDates then); never guess
        }
        Instant now = clock.instant();
        Instant maxAgeEnd = now.plus(maxAge);
        admitted.put(key, new Admitted(answer, notBefore), expiresAt.isBefore(maxAgeEnd) ? expiresAt : maxAgeEnd,
                now);
    }

    /** A NumericDate claim as the full check reads it (whole seconds), or {@code null} when it is no number. */
    private static Instant epochSeconds(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()) : null;
    }
}
