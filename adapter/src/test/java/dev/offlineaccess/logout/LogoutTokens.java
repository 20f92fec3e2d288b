package dev.offlineaccess.logout;

import dev.offlineaccess.config.HttpSettings;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.SignedJwtVerifier;
import dev.offlineaccess.testing.FakeOpenIdProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Test fixtures: logout-token claims as Keycloak 26 sends them, and verifiers pointed at a fake provider. */
public final class LogoutTokens {
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    public static final String LOGOUT_JWT = "logout+jwt";
    public static final Duration SKEW = Duration.ofSeconds(60);
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private LogoutTokens() {
    }

    /** Claims of a valid logout token issued now; {@code sub} and {@code sid} are left out when {@code null}. */
    public static Map<String, Object> claims(FakeOpenIdProvider op, String subject, String sid) {
        Instant now = op.clock().instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", op.issuer().toString());
        claims.put("aud", op.clientId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(120).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("events", Map.of(EVENT, Map.of()));
        if (subject != null) {
            claims.put("sub", subject);
        }
        if (sid != null) {
            claims.put("sid", sid);
        }
        return claims;
    }

    /** Keycloak's token for a client with "Backchannel logout revoke offline sessions" on. */
    public static Map<String, Object> revoking(FakeOpenIdProvider op, String subject, String sid) {
        return with(claims(op, subject, sid), "events", Map.of(EVENT, Map.of(), "revoke_offline_access", true));
    }

    public static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.put(name, value);
        return copy;
    }

    public static Map<String, Object> without(Map<String, Object> claims, String name) {
        Map<String, Object> copy = new HashMap<>(claims);
        copy.remove(name);
        return copy;
    }

    /** Signed as Keycloak 26 signs it: RS256 by the realm key, header {@code typ: logout+jwt}. */
    public static String sign(FakeOpenIdProvider op, Map<String, Object> claims) {
        return op.signJwt(LOGOUT_JWT, claims);
    }

    /** A provider facade for the fake, RS256 only, on the fake's clock. */
    public static OidcProvider provider(FakeOpenIdProvider op) {
        return new OidcProvider(op.clientSettings(), new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
                SKEW), Set.of("RS256"), op.clock());
    }

    /** A verifier for the fake's issuer and client, marking jtis in {@code replays}. */
    public static LogoutTokenVerifier verifier(FakeOpenIdProvider op, OidcProvider provider, EndedSessions replays,
                                               Clock clock) {
        return new LogoutTokenVerifier(SignedJwtVerifier.of(provider, Set.of("RS256"), null),
                op.issuer().toString(), op.clientId(), replays, SKEW, MAX_AGE, clock);
    }
}
