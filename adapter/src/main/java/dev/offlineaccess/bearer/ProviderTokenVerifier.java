package dev.offlineaccess.bearer;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.offlineaccess.provider.IntrospectionResult;
import dev.offlineaccess.provider.InvalidAccessTokenException;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.provider.ProviderMisconfiguredException;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.VerifiedAccessToken;

/**
 * {@link TokenVerifier} over the {@link OidcProvider} facade: its typed failures become {@link TokenCheck} values.
 * A refused introspection call (our client's credentials, not the token) and a provider that does not match the
 * configuration are the operator's problem: the request gets 503, and a warning with a stable id is logged once.
 * Thread-safe.
 */
final class ProviderTokenVerifier implements TokenVerifier {
    static final String NOT_ACTIVE = "The access token is not active";
    static final String NO_INTROSPECTION =
            "Opaque access tokens are not accepted: the provider offers no token introspection";
    private static final System.Logger LOG = System.getLogger(ProviderTokenVerifier.class.getName());

    private final OidcProvider provider;
    private final AtomicBoolean refusalLogged = new AtomicBoolean();
    private final AtomicBoolean misconfigurationLogged = new AtomicBoolean();

    ProviderTokenVerifier(OidcProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public long keySetGeneration() {
        return provider.keySetGeneration();
    }

    @Override
    public TokenCheck verifyJwt(String jwt, String audience) {
        try {
            VerifiedAccessToken token = provider.verifyJwtAccessToken(jwt, audience);
            return new TokenCheck.Valid(token.claims(), token.expiresAt());
        } catch (InvalidAccessTokenException e) {
            return new TokenCheck.Rejected(describe(e.reason()));
        } catch (ProviderUnavailableException e) {
            return new TokenCheck.Unavailable("JWKS: " + e.getMessage());
        } catch (ProviderMisconfiguredException e) {
            return misconfigured(e);
        }
    }

    @Override
    public TokenCheck introspect(String token) {
        try {
            IntrospectionResult answer = provider.introspect(token);
            return answer.active() ? new TokenCheck.Valid(answer.claims(), answer.expiresAt())
                    : new TokenCheck.Rejected(NOT_ACTIVE);
        } catch (ProviderRejectedException e) {
            if (refusalLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "OIDC-BEARER-INTROSPECTION-REFUSED: the provider refused to introspect for"
                        + " this client ({0}); opaque bearer tokens get 503 until the client may introspect"
                        + " (a confidential client with a valid secret)", e.error());
            }
            return new TokenCheck.Unavailable("introspection refused: " + e.error());
        } catch (ProviderUnavailableException e) {
            return new TokenCheck.Unavailable("introspection: " + e.getMessage());
        } catch (ProviderMisconfiguredException e) {
            if (e.problem() == ProviderMisconfiguredException.Problem.ENDPOINT_NOT_OFFERED) {
                return new TokenCheck.Rejected(NO_INTROSPECTION);
            }
            return misconfigured(e);
        }
    }

    /**
     * Our own fixed text per failed check: the provider's descriptions may quote parts of the token's header (its
     * {@code kid} or {@code alg}), and a challenge repeats nothing the client sent.
     */
    static String describe(InvalidAccessTokenException.Reason reason) {
        switch (reason) {
            case MALFORMED:
                return "The access token is malformed";
            case ALG_NOT_ALLOWED:
                return "The access token is not signed with an accepted algorithm";
            case UNKNOWN_KEY:
                return "The access token is signed by an unknown key";
            case BAD_SIGNATURE:
                return "The access token signature is invalid";
            case WRONG_ISSUER:
                return "The access token was issued by another issuer";
            case WRONG_AUDIENCE:
                return OpaqueTokens.NOT_FOR_US;
            case EXPIRED:
                return "The access token expired";
            case NOT_YET_VALID:
                return "The access token is not valid yet";
            case NOT_AN_ACCESS_TOKEN:
                return "The token is not an access token";
            default:
                return "The access token is invalid";
        }
    }

    private TokenCheck misconfigured(ProviderMisconfiguredException e) {
        if (misconfigurationLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "OIDC-BEARER-PROVIDER-MISCONFIGURED: bearer tokens get 503: {0}",
                    e.getMessage());
        }
        return new TokenCheck.Unavailable("provider misconfigured: " + e.problem());
    }
}
