package dev.offlineaccess.logout;

import dev.offlineaccess.logout.InvalidLogoutTokenException.Reason;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** Typed readers over a verified logout token's claims; a claim of the wrong type is {@link Reason#MALFORMED}. */
final class LogoutTokenClaims {
    /** The event member that makes a JWT a back-channel logout token. */
    static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** Keycloak's sibling event member: the client's offline sessions were revoked too. */
    static final String REVOKE_OFFLINE_ACCESS_EVENT = "revoke_offline_access";

    private final Map<String, Object> claims;

    LogoutTokenClaims(Map<String, Object> claims) {
        this.claims = claims;
    }

    boolean has(String name) {
        return claims.containsKey(name);
    }

    /** A string claim of 1 to {@code maxLength} characters, or {@code null} when absent. */
    String string(String name, int maxLength) throws InvalidLogoutTokenException {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isEmpty() || s.length() > maxLength) {
            throw new InvalidLogoutTokenException(Reason.MALFORMED, name + " is not a string of 1 to " + maxLength
                    + " characters");
        }
        return s;
    }

    /** A NumericDate claim (seconds since the epoch), or {@code null} when absent. */
    Instant instant(String name) throws InvalidLogoutTokenException {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            long seconds = n.longValue();
            if (seconds >= 0 && seconds <= Instant.MAX.getEpochSecond()) {
                return Instant.ofEpochSecond(seconds);
            }
        }
        throw new InvalidLogoutTokenException(Reason.MALFORMED, name + " is not a NumericDate");
    }

    /** Whether {@code aud} (one string or an array) contains {@code clientId}. */
    boolean audienceContains(String clientId) {
        Object aud = claims.get("aud");
        if (aud instanceof String s) {
            return s.equals(clientId);
        }
        return aud instanceof Collection<?> values && values.contains(clientId);
    }

    /**
     * Checks the {@code events} claim and returns whether Keycloak's {@code revoke_offline_access} member is
     * {@code true} (a JSON boolean, or the string {@code "true"} as Keycloak's own parser also takes).
     */
    boolean checkEventsAndReadRevokeFlag() throws InvalidLogoutTokenException {
        if (!(claims.get("events") instanceof Map<?, ?> events)) {
            throw new InvalidLogoutTokenException(Reason.MISSING_EVENT, "no events object");
        }
        if (!events.containsKey(BACKCHANNEL_LOGOUT_EVENT)) {
            throw new InvalidLogoutTokenException(Reason.MISSING_EVENT, "events has no member "
                    + BACKCHANNEL_LOGOUT_EVENT);
        }
        if (!(events.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map<?, ?>)) {
            throw new InvalidLogoutTokenException(Reason.EVENT_NOT_OBJECT, "the member " + BACKCHANNEL_LOGOUT_EVENT
                    + " of events is not a JSON object");
        }
        Object revoke = events.get(REVOKE_OFFLINE_ACCESS_EVENT);
        return Boolean.TRUE.equals(revoke) || (revoke instanceof String s && "true".equalsIgnoreCase(s));
    }
}
