package dev.offlineaccess.session;

import dev.offlineaccess.provider.Claims;
import java.util.Map;

/** The session's view of {@link Claims}: frozen copies and dotted paths. Stateless. */
final class ClaimValues {
    private ClaimValues() {
    }

    /** A deep-immutable, serializable copy (see {@link Claims#freeze}). */
    static Map<String, Object> freeze(Map<String, ?> claims) {
        return Claims.freeze(claims);
    }

    /** The value at a dotted path, or {@code null} (see {@link Claims#at}). */
    static Object at(Map<String, Object> claims, String path, String clientId) {
        return Claims.at(claims, path, clientId).orElse(null);
    }
}
