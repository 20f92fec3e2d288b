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

    /** The parts of a session that tokens carry, copied under the realm's lock so signing can happen outside it. */
    record Grant(String sid, boolean offline, Instant authTime, FakeUser user, Set<String> scopes, String nonce) {
        static Grant of(FakeSession session, FakeUser user, Set<String> scopes, String nonce) {
            return new Grant(session.sid, session.offline, session.authTime, user, Set.copyOf(scopes), nonce);
        }
    }

    FakeTokens(FakeSettings settings, FakeKeys keys) {
        this.settings = settings;
        this.keys = keys;
    }

    /** A refresh token (cheap: HMAC), minted under the realm's lock so it can be registered at once. */
    String refreshToken(Grant grant, String jti) {
        return keys.signRefreshToken(refreshClaims(grant, jti, settings.clock.instant()));
    }

    /** The token-endpoint answer around a refresh token: RSA signing, so call it outside the realm's lock. */
    Map<String, Object> answer(Grant grant, String refreshToken) {
        Instant now = settings.clock.instant();
        String accessToken = keys.signRs256(accessClaims(grant.sid(), grant.user(), grant.scopes(), now));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", accessToken);
        response.put("expires_in", settings.accessTokenLifetime.toSeconds());
        response.put("refresh_expires_in", grant.offline() ? 0 : ONLINE_REFRESH_LIFETIME.toSeconds());
        response.put("refresh_token", refreshToken);
        response.put("token_type", "Bearer");
        if (grant.scopes().contains("openid")) {
            response.put("id_token", idToken(grant, accessToken, now));
        }
        response.put("not-before-policy", 0);
        response.put("session_state", grant.sid());
        response.put("scope", shuffled(grant.scopes()));
        return response;
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

    private JWTClaimsSet refreshClaims(Grant grant, String jti, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issueTime(Date.from(now)).jwtID(jti)
                .issuer(settings.issuer).audience(settings.issuer).subject(grant.user().subject())
                .claim("typ", grant.offline() ? "Offline" : "Refresh").claim("azp", settings.clientId)
                .claim("sid", grant.sid()).claim("scope", shuffled(grant.scopes()));
        if (!grant.offline()) {
            claims.expirationTime(Date.from(now.plus(ONLINE_REFRESH_LIFETIME)));
        }
        return claims.build();
    }

    private String idToken(Grant grant, String accessToken, Instant now) {
        FakeUser user = grant.user();
        String nonce = grant.nonce();
        IdTokenFault fault = settings.idTokenFault;
        Instant iat = fault == IdTokenFault.ISSUED_IN_FUTURE ? now.plus(Duration.ofHours(1))
                : fault == IdTokenFault.EXPIRED ? now.minus(Duration.ofHours(2)) : now;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(iat.plus(fault == IdTokenFault.EXPIRED
                        ? Duration.ofHours(1) : settings.accessTokenLifetime)))
                .issueTime(Date.from(iat)).claim("auth_time", grant.authTime().getEpochSecond())
                .jwtID(UUID.randomUUID().toString()).issuer(settings.issuer).audience(settings.clientId)
                .subject(user.subject()).claim("typ", "ID").claim("azp", settings.clientId).claim("sid", grant.sid())
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
