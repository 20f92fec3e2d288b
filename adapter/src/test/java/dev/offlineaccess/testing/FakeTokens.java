package dev.offlineaccess.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Mints the fake provider's tokens, shaped like Keycloak 26's: RS256 access and ID tokens, HS512 refresh tokens
 * ({@code typ} {@code Offline} without {@code exp}, or {@code Refresh} with one), and the token-endpoint JSON.
 * Applies the {@link IdTokenFault} currently set. Thread-safe (reads volatile settings, no own state).
 */
final class FakeTokens {
    /** Lifetime of online refresh tokens (Keycloak's SSO session idle default). */
    static final Duration ONLINE_REFRESH_LIFETIME = Duration.ofMinutes(30);
    private final FakeSettings settings;
    private final FakeKeys keys;

    /** What one issuance produced: the JSON answer and the refresh token's id and value. */
    record Issued(Map<String, Object> response, String refreshJti, String refreshToken) {
    }

    FakeTokens(FakeSettings settings, FakeKeys keys) {
        this.settings = settings;
        this.keys = keys;
    }

    /** Tokens for a user's session; {@code nonce} goes into the ID token (code flow only). */
    Issued issue(FakeSession session, FakeUser user, Set<String> scopes, String nonce) {
        Instant now = settings.clock.instant();
        String accessToken = keys.signRs256(accessClaims(session.sid, user, scopes, now));
        String refreshJti = UUID.randomUUID().toString();
        String refreshToken = keys.signRefreshToken(refreshClaims(session, user, scopes, refreshJti, now));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", accessToken);
        response.put("expires_in", settings.accessTokenLifetime.toSeconds());
        response.put("refresh_expires_in", session.offline ? 0 : ONLINE_REFRESH_LIFETIME.toSeconds());
        response.put("refresh_token", refreshToken);
        response.put("token_type", "Bearer");
        if (scopes.contains("openid")) {
            response.put("id_token", idToken(session, user, nonce, accessToken, now));
        }
        response.put("not-before-policy", 0);
        response.put("session_state", session.sid);
        response.put("scope", shuffled(scopes));
        return new Issued(response, refreshJti, refreshToken);
    }

    /** An access token without session or refresh token (client credentials). */
    Map<String, Object> serviceAccountTokens(FakeUser serviceAccount, Set<String> scopes) {
        Instant now = settings.clock.instant();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", keys.signRs256(accessClaims(null, serviceAccount, scopes, now)));
        response.put("expires_in", settings.accessTokenLifetime.toSeconds());
        response.put("refresh_expires_in", 0);
        response.put("token_type", "Bearer");
        response.put("not-before-policy", 0);
        response.put("scope", shuffled(scopes));
        return response;
    }

    private JWTClaimsSet accessClaims(String sid, FakeUser user, Set<String> scopes, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(now.plus(settings.accessTokenLifetime))).issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString()).issuer(settings.issuer).audience("account")
                .subject(user.subject()).claim("typ", "Bearer").claim("azp", settings.clientId)
                .claim("acr", "1").claim("realm_access", Map.of("roles", List.copyOf(user.realmRoles())))
                .claim("resource_access", Map.of(settings.clientId, Map.of("roles", List.copyOf(user.clientRoles())),
                        "account", Map.of("roles", List.of("manage-account", "view-profile"))))
                .claim("scope", shuffled(scopes)).claim("preferred_username", user.username());
        if (sid != null) {
            claims.claim("sid", sid);
        }
        user.claims().forEach(claims::claim);
        return claims.build();
    }

    private JWTClaimsSet refreshClaims(FakeSession session, FakeUser user, Set<String> scopes, String jti,
                                       Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issueTime(Date.from(now)).jwtID(jti)
                .issuer(settings.issuer).audience(settings.issuer).subject(user.subject())
                .claim("typ", session.offline ? "Offline" : "Refresh").claim("azp", settings.clientId)
                .claim("sid", session.sid).claim("scope", shuffled(scopes));
        if (!session.offline) {
            claims.expirationTime(Date.from(now.plus(ONLINE_REFRESH_LIFETIME)));
        }
        return claims.build();
    }

    private String idToken(FakeSession session, FakeUser user, String nonce, String accessToken, Instant now) {
        IdTokenFault fault = settings.idTokenFault;
        Instant iat = fault == IdTokenFault.ISSUED_IN_FUTURE ? now.plus(Duration.ofHours(1))
                : fault == IdTokenFault.EXPIRED ? now.minus(Duration.ofHours(2)) : now;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(iat.plus(fault == IdTokenFault.EXPIRED
                        ? Duration.ofHours(1) : settings.accessTokenLifetime)))
                .issueTime(Date.from(iat)).claim("auth_time", session.authTime.getEpochSecond())
                .jwtID(UUID.randomUUID().toString()).issuer(settings.issuer).audience(settings.clientId)
                .subject(user.subject()).claim("typ", "ID").claim("azp", settings.clientId).claim("sid", session.sid)
                .claim("at_hash", AccessTokenHash.compute(new BearerAccessToken(accessToken), JWSAlgorithm.RS256)
                        .getValue())
                .claim("acr", "1").claim("email_verified", true).claim("preferred_username", user.username());
        user.claims().forEach(claims::claim);
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return sign(applyClaimFault(claims, fault, nonce, user).build(), fault);
    }

    private JWTClaimsSet.Builder applyClaimFault(JWTClaimsSet.Builder claims, IdTokenFault fault, String nonce,
                                                 FakeUser user) {
        if (fault == null) {
            return claims;
        }
        return switch (fault) {
            case WRONG_NONCE -> claims.claim("nonce", "not-" + (nonce == null ? "any" : nonce));
            case MISSING_NONCE -> claims.claim("nonce", null);
            case WRONG_ISSUER -> claims.issuer(settings.issuer + "-other");
            case WRONG_AUDIENCE -> claims.audience("other-client").claim("azp", "other-client");
            case EXTRA_AUDIENCE_WITHOUT_AZP -> claims.audience(List.of(settings.clientId, "other-client"))
                    .claim("azp", null);
            case WRONG_AZP -> claims.claim("azp", "other-client");
            case OTHER_SUBJECT -> claims.subject("other-" + user.subject());
            default -> claims;
        };
    }

    private String sign(JWTClaimsSet claims, IdTokenFault fault) {
        if (fault == null) {
            return keys.signRs256(claims);
        }
        return switch (fault) {
            case ALG_NONE -> FakeKeys.unsecured(claims);
            case HS256 -> FakeKeys.signHs256(claims, settings.clientSecret);
            case BAD_SIGNATURE -> keys.signWithBadSignature(claims);
            case UNKNOWN_KID -> keys.signWithUnpublishedKey(claims);
            default -> keys.signRs256(claims);
        };
    }

    /** Scopes as Keycloak writes them: space-separated, in no particular order. */
    static String shuffled(Set<String> scopes) {
        List<String> list = new ArrayList<>(scopes);
        Collections.shuffle(list);
        return String.join(" ", list);
    }
}
