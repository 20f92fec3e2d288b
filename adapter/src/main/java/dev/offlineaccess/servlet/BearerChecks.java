package dev.offlineaccess.servlet;

import dev.offlineaccess.bearer.BearerAuthenticator;
import dev.offlineaccess.bearer.BearerResult;
import dev.offlineaccess.login.BearerCheck;
import dev.offlineaccess.session.OidcIdentity;
import dev.offlineaccess.tokens.AccessToken;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The bearer feature's {@link BearerAuthenticator} as the core's {@link BearerCheck}: an authenticated token becomes
 * an {@link OidcIdentity} (its access token included, so that the application can pass it on), a challenge stays a
 * challenge. Thread-safe.
 */
final class BearerChecks implements BearerCheck {
    private final BearerAuthenticator authenticator;
    private final String issuer;

    BearerChecks(BearerAuthenticator authenticator, String issuer) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    @Override
    public Result check(String authorization) {
        BearerResult result = authenticator.authenticate(authorization);
        if (result instanceof BearerResult.Authenticated ok) {
            Map<String, Object> claims = ok.claims();
            String subject = claims.get("sub") instanceof String sub ? sub : ok.principal();
            String tokenIssuer = claims.get("iss") instanceof String iss ? iss : issuer;
            return new Authenticated(new OidcIdentity(tokenIssuer, subject, ok.principal(), ok.roles(), claims, false,
                    accessToken(authorization, claims, ok)));
        }
        BearerResult.Challenge challenge = (BearerResult.Challenge) result;
        return new Rejected(challenge.httpStatus(), challenge.wwwAuthenticate(), challenge.error(), null,
                challenge.retryAfterHint());
    }

    private static AccessToken accessToken(String authorization, Map<String, Object> claims,
                                           BearerResult.Authenticated ok) {
        if (!(claims.get("exp") instanceof Number exp) || authorization == null
                || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return null;
        }
        return new AccessToken(authorization.substring(7).strip(), Instant.ofEpochSecond(exp.longValue()),
                ok.scopes());
    }
}
