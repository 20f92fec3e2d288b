package dev.offlineaccess.logout;

import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.logout.InvalidLogoutTokenException.Reason;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.SignedJwtVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a back-channel {@code logout_token} (OpenID Connect Back-Channel Logout 1.0, section 2.6), in this order:
 * <ol>
 *   <li>a signed JWT: {@code alg} in the ID-token allow-list, never {@code none}, signature by a key of the
 *   provider's JWKS (or the client secret for {@code HS*});</li>
 *   <li>header {@code typ}, when present, is {@code logout+jwt} (Keycloak 25 and later) or {@code JWT} (older
 *   Keycloak); anything else ({@code at+jwt}, ...) is refused;</li>
 *   <li>{@code iss} equals the configured issuer; {@code aud} contains the client id;</li>
 *   <li>{@code iat} present, not later than now plus the clock skew, not earlier than now minus the maximum age
 *   (default {@link #DEFAULT_MAX_AGE}) minus the clock skew; {@code exp}, when present, not passed beyond the
 *   skew;</li>
 *   <li>{@code events} is an object with the member {@code http://schemas.openid.net/event/backchannel-logout},
 *   itself an object;</li>
 *   <li>no {@code nonce}; a {@code jti}; {@code sub}, {@code sid} or both;</li>
 *   <li>last, so that a token failing any other check does not use up its {@code jti}: the {@code jti} was not
 *   accepted before, by this node or by another sharing the {@link EndedSessions} registry.</li>
 * </ol>
 * Keycloak's {@code events.revoke_offline_access: true} is reported as {@link VerifiedLogout#revokeOfflineAccess()}.
 *
 * <p>Thread-safe; holds no mutable state of its own. Arguments must not be {@code null}.
 */
public final class LogoutTokenVerifier {
    /** How old a logout token may be (from its {@code iat}), beyond the clock skew. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

    private static final Set<String> ACCEPTED_TYPES = Set.of("logout+jwt", "application/logout+jwt", "jwt",
            "application/jwt");

    private final SignedJwtVerifier jws;
    private final String issuer;
    private final String clientId;
    private final EndedSessions replays;
    private final Duration skew;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param jws      checks the signature against the provider's keys
     * @param issuer   the expected {@code iss}
     * @param clientId the client id {@code aud} must contain
     * @param replays  where {@code jti}s are marked (the shared registry, so that a replay to another node is
     *                 refused too)
     * @param skew     tolerated clock difference for {@code iat} and {@code exp}
     * @param maxAge   how long after {@code iat} a token is still accepted (plus the skew)
     */
    public LogoutTokenVerifier(SignedJwtVerifier jws, String issuer, String clientId, EndedSessions replays,
                               Duration skew, Duration maxAge, Clock clock) {
        this.jws = Objects.requireNonNull(jws, "jws");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.replays = Objects.requireNonNull(replays, "replays");
        this.skew = requireNotNegative(skew, "skew");
        this.maxAge = requireNotNegative(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The verifier for a configuration: its issuer, client id, client secret, ID-token algorithms and clock skew,
     * with {@link #DEFAULT_MAX_AGE}.
     */
    public static LogoutTokenVerifier create(OidcSettings settings, OidcProvider provider, EndedSessions replays,
                                             Clock clock) {
        SignedJwtVerifier jws = SignedJwtVerifier.of(provider, settings.login().idTokenAlgorithms(),
                settings.client().clientSecret());
        return new LogoutTokenVerifier(jws, settings.client().issuer().toString(), settings.client().clientId(),
                replays, settings.http().clockSkew(), DEFAULT_MAX_AGE, clock);
    }

    private static Duration requireNotNegative(Duration value, String name) {
        if (Objects.requireNonNull(value, name).isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }

    /**
     * Verifies the token and marks its {@code jti} as seen.
     *
     * @throws InvalidLogoutTokenException         a check failed (the {@code jti} is then not marked, unless the
     *                                             failure is {@link Reason#REPLAYED})
     * @throws ProviderUnavailableException        the provider's keys could not be fetched; try again later
     * @throws EndedSessionsUnavailableException   the replay check could not reach the registry
     */
    public VerifiedLogout verify(String logoutToken) throws InvalidLogoutTokenException, ProviderUnavailableException {
        SignedJwtVerifier.Verified jwt = checkSignature(Objects.requireNonNull(logoutToken, "logoutToken"));
        checkType(jwt.type());
        LogoutTokenClaims claims = new LogoutTokenClaims(jwt.claims());
        if (!issuer.equals(jwt.claims().get("iss"))) {
            throw new InvalidLogoutTokenException(Reason.WRONG_ISSUER, "iss is not the configured issuer "
                    + issuer);
        }
        if (!claims.audienceContains(clientId)) {
            throw new InvalidLogoutTokenException(Reason.WRONG_AUDIENCE, "aud does not contain the client id "
                    + clientId);
        }
        Instant issuedAt = checkTimes(claims);
        boolean revokeOfflineAccess = claims.checkEventsAndReadRevokeFlag();
        if (claims.has("nonce")) {
            throw new InvalidLogoutTokenException(Reason.NONCE_PRESENT, "a logout token must not contain a nonce");
        }
        String jti = claims.string("jti", EndedSession.MAX_ID_LENGTH);
        if (jti == null) {
            throw new InvalidLogoutTokenException(Reason.MISSING_JTI, "no jti");
        }
        String subject = claims.string("sub", EndedSession.MAX_ID_LENGTH);
        String sid = claims.string("sid", EndedSession.MAX_ID_LENGTH);
        if (subject == null && sid == null) {
            throw new InvalidLogoutTokenException(Reason.MISSING_SUBJECT_AND_SID, "neither sub nor sid");
        }
        if (!replays.markJtiSeen(jti, issuedAt.plus(maxAge).plus(skew))) {
            throw new InvalidLogoutTokenException(Reason.REPLAYED, "this jti was accepted before");
        }
        return new VerifiedLogout(issuer, subject, sid, jti, issuedAt, revokeOfflineAccess);
    }

    private SignedJwtVerifier.Verified checkSignature(String token)
            throws InvalidLogoutTokenException, ProviderUnavailableException {
        try {
            return jws.verify(token);
        } catch (SignedJwtVerifier.Rejected e) {
            throw new InvalidLogoutTokenException(Reason.valueOf(e.failure().name()), e.getMessage());
        }
    }

    private static void checkType(String type) throws InvalidLogoutTokenException {
        if (type != null && !ACCEPTED_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            throw new InvalidLogoutTokenException(Reason.WRONG_TYPE, "header typ is neither logout+jwt nor JWT");
        }
    }

    private Instant checkTimes(LogoutTokenClaims claims) throws InvalidLogoutTokenException {
        Instant issuedAt = claims.instant("iat");
        if (issuedAt == null) {
            throw new InvalidLogoutTokenException(Reason.MISSING_IAT, "no iat");
        }
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(skew))) {
            throw new InvalidLogoutTokenException(Reason.ISSUED_IN_FUTURE, "iat is " + issuedAt + ", now is " + now
                    + " (clock skew " + skew + ")");
        }
        if (issuedAt.isBefore(now.minus(maxAge).minus(skew))) {
            throw new InvalidLogoutTokenException(Reason.TOO_OLD, "iat is " + issuedAt + ", older than the maximum"
                    + " age " + maxAge + " plus the clock skew " + skew);
        }
        Instant expiresAt = claims.instant("exp");
        if (expiresAt != null && expiresAt.isBefore(now.minus(skew))) {
            throw new InvalidLogoutTokenException(Reason.EXPIRED, "exp is " + expiresAt + ", now is " + now
                    + " (clock skew " + skew + ")");
        }
        return issuedAt;
    }
}
