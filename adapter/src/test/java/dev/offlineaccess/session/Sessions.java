package dev.offlineaccess.session;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Test fixtures: user sessions. */
public final class Sessions {
    private Sessions() {
    }

    /** An unsigned JWT with these claims: session code never verifies, it only reads a verified token again. */
    public static String idToken(Map<String, Object> claims) {
        try {
            return new PlainJWT(JWTClaimsSet.parse(claims)).serialize();
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static final String ID_TOKEN = idToken(Map.of("sub", "sub-alice", "preferred_username", "alice",
            "nonce", "n-1"));

    public static UserSession online(Instant accessTokenExpiresAt) {
        return new UserSession("https://op.example/realms/test", "portal", "sub-alice", "alice", Set.of("user"),
                ID_TOKEN, Map.of(), "access-1", accessTokenExpiresAt, Set.of("openid"), "refresh-1", false,
                "csrf-1", Instant.EPOCH);
    }

    public static UserSession offline(Instant accessTokenExpiresAt) {
        return new UserSession("https://op.example/realms/test", "portal", "sub-alice", "alice", Set.of("user"),
                ID_TOKEN, Map.of(), "access-1", accessTokenExpiresAt, Set.of("openid", "offline_access"), null,
                true, "csrf-1", Instant.EPOCH);
    }
}
