package dev.offlineaccess.login;

import dev.offlineaccess.provider.InvalidIdTokenException;
import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderEndpoints;
import dev.offlineaccess.provider.ProviderError;
import dev.offlineaccess.provider.ProviderMisconfiguredException;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.VerifiedIdToken;
import dev.offlineaccess.session.ProviderCalls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Completes a sign-in when the provider redirects back: finds the pending sign-in by {@code state} (each state works
 * once), checks the RFC 9207 {@code iss} parameter, turns a provider error into a reason, exchanges the code with
 * the PKCE verifier, verifies the ID token with the nonce (and {@code auth_time} when {@code max_age} was sent), and
 * lets {@link SignedInUsers} build the session. Thread-safe; the caller stores the result's pending sign-ins.
 */
public final class Callbacks {
    private static final System.Logger LOG = System.getLogger(Callbacks.class.getName());
    private static final Pattern SAFE_ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ProviderCalls provider;
    private final SignedInUsers users;
    private final Clock clock;
    private final Duration skew;

    /**
     * @param provider the provider calls
     * @param users    builds the session of a verified sign-in
     * @param clock    the time source
     * @param skew     the tolerated clock difference (for {@code auth_time})
     */
    public Callbacks(ProviderCalls provider, SignedInUsers users, Clock clock, Duration skew) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.users = Objects.requireNonNull(users, "users");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(skew, "skew");
    }

    /**
     * Completes the sign-in a callback belongs to.
     *
     * @param params  the callback's query parameters, decoded
     * @param pending the session's pending sign-ins
     */
    public CallbackResult complete(Map<String, List<String>> params, PendingLogins pending) {
        Instant now = clock.instant();
        Optional<String> state = single(params, "state");
        if (state.isEmpty()) {
            return new CallbackResult.Failed(pending, LoginError.of(LoginFailure.MISSING_STATE), null);
        }
        Optional<PendingLogin> found = pending.find(state.get(), now);
        if (found.isEmpty()) {
            return new CallbackResult.Failed(pending.withoutExpired(now), LoginError.of(LoginFailure.UNKNOWN_STATE),
                    null);
        }
        PendingLogin login = found.get();
        PendingLogins remaining = pending.without(login).withoutExpired(now);
        try {
            SignedInUsers.SignIn signIn = finish(params, login);
            return new CallbackResult.SignedIn(remaining, signIn.session(), login.returnPath(),
                    signIn.offlineNotSaved());
        } catch (LoginException e) {
            return new CallbackResult.Failed(remaining, e.error(), login.returnPath());
        }
    }

    private SignedInUsers.SignIn finish(Map<String, List<String>> params, PendingLogin login)
            throws LoginException {
        ProviderEndpoints endpoints = endpoints();
        checkIssuerParameter(params, endpoints);
        checkErrorParameter(params, login);
        String code = single(params, "code")
                .orElseThrow(() -> new LoginException(LoginError.of(LoginFailure.MISSING_CODE)));
        IssuedTokens tokens = exchange(code, login);
        VerifiedIdToken idToken = verify(tokens, login);
        return users.signIn(endpoints, tokens, idToken, login.offlineRequested());
    }

    private ProviderEndpoints endpoints() throws LoginException {
        try {
            return provider.endpoints();
        } catch (ProviderUnavailableException e) {
            throw new LoginException(LoginError.of(LoginFailure.PROVIDER_UNAVAILABLE), e);
        } catch (ProviderMisconfiguredException e) {
            throw SignedInUsers.misconfigured(e);
        }
    }

    /** RFC 9207: an {@code iss} present must be the issuer; when the provider promises it, it must be present. */
    private static void checkIssuerParameter(Map<String, List<String>> params, ProviderEndpoints endpoints)
            throws LoginException {
        List<String> values = params.getOrDefault("iss", List.of());
        if (values.isEmpty() && !endpoints.issParameterSupported()) {
            return;
        }
        if (values.size() != 1 || !values.get(0).equals(endpoints.issuer().toString())) {
            throw new LoginException(LoginFailure.ISSUER_MISMATCH,
                    values.isEmpty() ? "iss parameter missing" : "iss parameter names another issuer");
        }
    }

    private static void checkErrorParameter(Map<String, List<String>> params, PendingLogin login)
            throws LoginException {
        Optional<String> error = params.getOrDefault("error", List.of()).stream().findFirst();
        if (error.isEmpty()) {
            return;
        }
        String code = SAFE_ERROR_CODE.matcher(error.get()).matches() ? error.get() : "unrecognised error";
        if ("access_denied".equals(code)) {
            throw new LoginException(LoginFailure.ACCESS_DENIED, code);
        }
        if ("invalid_scope".equals(code) && login.offlineRequested()) {
            throw new LoginException(LoginFailure.OFFLINE_REFUSED, code);
        }
        throw new LoginException(LoginFailure.PROVIDER_ERROR, code);
    }

    private IssuedTokens exchange(String code, PendingLogin login) throws LoginException {
        try {
            return provider.exchangeCode(code, login.redirectUri(), login.codeVerifier());
        } catch (ProviderRejectedException e) {
            throw new LoginException(exchangeFailure(e.error(), login), e);
        } catch (ProviderUnavailableException e) {
            throw new LoginException(LoginError.of(LoginFailure.PROVIDER_UNAVAILABLE), e);
        } catch (ProviderMisconfiguredException e) {
            throw SignedInUsers.misconfigured(e);
        }
    }

    private static LoginError exchangeFailure(ProviderError error, PendingLogin login) {
        String code = SAFE_ERROR_CODE.matcher(error.code()).matches() ? error.code() : "unrecognised error";
        if (login.offlineRequested() && (error.is("not_allowed") || error.is("invalid_scope"))) {
            return new LoginError(LoginFailure.OFFLINE_REFUSED, code);
        }
        if (error.is("invalid_grant")) {
            return new LoginError(LoginFailure.CODE_REJECTED, code);
        }
        if (error.is("invalid_client") || error.is("unauthorized_client")) {
            LOG.log(System.Logger.Level.WARNING, "OIDC-LOGIN-001 The provider refused this client at the token "
                    + "endpoint ({0}): check client-id and client-secret", code);
        }
        return new LoginError(LoginFailure.PROVIDER_ERROR, code);
    }

    private VerifiedIdToken verify(IssuedTokens tokens, PendingLogin login) throws LoginException {
        if (tokens.idToken() == null) {
            throw new LoginException(LoginFailure.INVALID_ID_TOKEN, "the token response has no id_token");
        }
        VerifiedIdToken idToken;
        try {
            idToken = provider.verifyIdToken(tokens.idToken(), login.nonce());
        } catch (InvalidIdTokenException e) {
            throw new LoginException(new LoginError(LoginFailure.INVALID_ID_TOKEN, e.reason().name()), e);
        } catch (ProviderUnavailableException e) {
            throw new LoginException(LoginError.of(LoginFailure.PROVIDER_UNAVAILABLE), e);
        }
        checkAuthTime(idToken, login);
        return idToken;
    }

    /** OIDC Core 3.1.2.1: after {@code max_age}, {@code auth_time} must be present and recent enough. */
    private void checkAuthTime(VerifiedIdToken idToken, PendingLogin login) throws LoginException {
        if (login.maxAge() == null) {
            return;
        }
        if (!(idToken.claims().get("auth_time") instanceof Number authTime)) {
            throw new LoginException(LoginFailure.INVALID_ID_TOKEN, "auth_time missing although max_age was sent");
        }
        Instant oldest = clock.instant().minusSeconds(login.maxAge()).minus(skew);
        if (Instant.ofEpochSecond(authTime.longValue()).isBefore(oldest)) {
            throw new LoginException(LoginFailure.INVALID_ID_TOKEN, "auth_time is older than max_age");
        }
    }

    /** The one value of a parameter; empty when absent, blank or repeated (RFC 6749: parameters appear once). */
    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        return values.size() == 1 && !values.get(0).isBlank() ? Optional.of(values.get(0)) : Optional.empty();
    }
}
