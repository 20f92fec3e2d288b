package dev.offlineaccess.logout;

import dev.offlineaccess.provider.ProviderUnavailableException;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The back-channel logout endpoint without the servlet API: the provider's {@code POST} of
 * {@code logout_token=<JWT>} in, a {@link BackchannelResult} out.
 *
 * <p>On a valid token it marks the {@code jti} (replays are refused on every node), records the ending in the
 * {@link EndedSessions} registry (so every node refuses the covered web sessions), and, only when Keycloak says it
 * revoked the offline sessions too ({@code revoke_offline_access}), asks the {@link OfflineGrantRevoker} to mark the
 * user's stored offline grant revoked. A plain back-channel logout leaves the stored offline grant alone. At most
 * once per {@link BackchannelLogoutOptions#purgeInterval()}, a successful logout also purges old endings.
 *
 * <p><b>Hostile input</b> gets a {@code 400}, never an exception: a content type other than
 * {@code application/x-www-form-urlencoded}, parameters totalling more than {@value #MAX_BODY_BYTES} characters, a
 * missing, empty or repeated {@code logout_token}, one longer than {@value #MAX_TOKEN_CHARS} characters, or any
 * token that fails {@link LogoutTokenVerifier}. The web layer should refuse a declared {@code Content-Length} above
 * {@value #MAX_BODY_BYTES} before reading the body ({@link BackchannelResult#bodyTooLarge()}), and methods other
 * than {@code POST} ({@link BackchannelResult#methodNotAllowed()}).
 *
 * <p>Thread-safe. Logs at DEBUG why a token was refused (never the token), and a warning with the stable id
 * {@code OIDC-BACKCHANNEL-REVOKE-NO-SUB} when a revoking logout names no subject.
 */
public final class BackchannelLogoutHandler {
    /** The largest request body accepted, in bytes (and the largest total of parameter characters). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** The longest {@code logout_token} accepted, in characters (Keycloak's are about one kilobyte). */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** The form parameter that carries the token. */
    public static final String LOGOUT_TOKEN = "logout_token";

    private static final System.Logger LOG = System.getLogger(BackchannelLogoutHandler.class.getName());
    private static final String FORM = "application/x-www-form-urlencoded";

    private final LogoutTokenVerifier verifier;
    private final EndedSessions registry;
    private final OfflineGrantRevoker revoker;
    private final BackchannelLogoutOptions options;
    private final Clock clock;
    private final AtomicReference<Instant> nextPurge;

    /**
     * @param verifier checks tokens (and marks their {@code jti}s in the same registry, usually)
     * @param registry where endings are recorded
     * @param revoker  what {@code revoke_offline_access} does to the stored grant ({@link OfflineGrantRevoker#NONE}
     *                 without a token store)
     */
    public BackchannelLogoutHandler(LogoutTokenVerifier verifier, EndedSessions registry, OfflineGrantRevoker revoker,
                                    BackchannelLogoutOptions options, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.revoker = Objects.requireNonNull(revoker, "revoker");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextPurge = new AtomicReference<>(clock.instant());
    }

    /**
     * Handles one back-channel logout request.
     *
     * @param contentType the request's {@code Content-Type} header, or {@code null}
     * @param formParams  the decoded form parameters (name to values), or {@code null}
     */
    public BackchannelResult handle(String contentType, Map<String, List<String>> formParams) {
        String problem = checkRequest(contentType, formParams);
        if (problem != null) {
            LOG.log(Level.DEBUG, "back-channel logout refused: {0}", problem);
            return BackchannelResult.invalid(problem);
        }
        VerifiedLogout logout;
        try {
            logout = verifier.verify(formParams.get(LOGOUT_TOKEN).get(0));
        } catch (InvalidLogoutTokenException e) {
            LOG.log(Level.DEBUG, "back-channel logout refused ({0}): {1}", e.reason(), e.getMessage());
            return BackchannelResult.invalid("invalid logout_token: " + e.getMessage());
        } catch (ProviderUnavailableException e) {
            LOG.log(Level.DEBUG, "back-channel logout: provider keys unavailable: {0}", e.getMessage());
            return BackchannelResult.unavailable("the provider's signing keys could not be fetched", null);
        } catch (EndedSessionsUnavailableException e) {
            LOG.log(Level.DEBUG, "back-channel logout: replay check failed: {0}", e.getMessage());
            return BackchannelResult.unavailable("the logout registry is unavailable", null);
        }
        return carryOut(logout);
    }

    private static String checkRequest(String contentType, Map<String, List<String>> params) {
        if (contentType == null || !FORM.equals(mediaType(contentType))) {
            return "the request must be " + FORM;
        }
        if (params == null) {
            return "no form parameters";
        }
        if (totalLength(params) > MAX_BODY_BYTES) {
            return "the request body is larger than " + MAX_BODY_BYTES + " bytes";
        }
        List<String> tokens = params.get(LOGOUT_TOKEN);
        if (tokens == null || tokens.isEmpty() || tokens.get(0) == null || tokens.get(0).isBlank()) {
            return "missing " + LOGOUT_TOKEN;
        }
        if (tokens.size() > 1) {
            return LOGOUT_TOKEN + " must be given once";
        }
        if (tokens.get(0).length() > MAX_TOKEN_CHARS) {
            return LOGOUT_TOKEN + " is longer than " + MAX_TOKEN_CHARS + " characters";
        }
        return null;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static long totalLength(Map<String, List<String>> params) {
        long total = 0;
        for (Map.Entry<String, List<String>> entry : params.entrySet()) {
            total += entry.getKey() == null ? 0 : entry.getKey().length() + 2;
            List<String> values = entry.getValue();
            if (values != null) {
                for (String value : values) {
                    total += value == null ? 1 : value.length() + 1;
                }
            }
        }
        return total;
    }

    private BackchannelResult carryOut(VerifiedLogout logout) {
        Instant now = clock.instant();
        try {
            registry.record(logout.toEndedSession(now));
        } catch (EndedSessionsUnavailableException e) {
            LOG.log(Level.DEBUG, "back-channel logout: the ending could not be recorded: {0}", e.getMessage());
            return BackchannelResult.unavailable("the logout could not be recorded for the other nodes", logout);
        }
        if (logout.revokeOfflineAccess()) {
            BackchannelResult failure = revokeOfflineGrant(logout);
            if (failure != null) {
                return failure;
            }
        }
        purgeIfDue(now);
        LOG.log(Level.DEBUG, "back-channel logout accepted (sid: {0}, sub: {1}, revoke offline access: {2})",
                logout.sid() != null, logout.subject() != null, logout.revokeOfflineAccess());
        return BackchannelResult.accepted(logout);
    }

    private BackchannelResult revokeOfflineGrant(VerifiedLogout logout) {
        if (logout.subject() == null) {
            LOG.log(Level.WARNING, "OIDC-BACKCHANNEL-REVOKE-NO-SUB: a logout token asks to revoke offline access"
                    + " but names no subject; the stored offline grant cannot be found and stays active");
            return null;
        }
        try {
            revoker.markRevoked(logout);
            return null;
        } catch (OfflineGrantRevocationException e) {
            LOG.log(Level.DEBUG, "back-channel logout: the offline grant could not be marked revoked: {0}",
                    e.getMessage());
            return BackchannelResult.unavailable("the stored offline grant could not be marked revoked", logout);
        }
    }

    private void purgeIfDue(Instant now) {
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(options.purgeInterval()))) {
            return;
        }
        try {
            registry.purgeOlderThan(now.minus(options.retention()));
        } catch (EndedSessionsUnavailableException e) {
            LOG.log(Level.DEBUG, "back-channel logout: purging old endings failed: {0}", e.getMessage());
        }
    }
}
