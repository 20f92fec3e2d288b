package dev.offlineaccess.tokens;

import java.util.Objects;

/**
 * Identifies one offline grant: the user {@code subject} at {@code issuer}, granted to {@code clientId}. The
 * subject, not the (mutable) user name, is the key, so a renamed user keeps their grant.
 */
public record GrantKey(String issuer, String clientId, String subject) {
    public GrantKey {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
    }
}
