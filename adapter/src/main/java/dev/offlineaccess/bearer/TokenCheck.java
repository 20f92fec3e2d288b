package dev.offlineaccess.bearer;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What checking one token at the provider (locally against its keys, or by introspection) gave. Immutable; holds no
 * token.
 */
sealed interface TokenCheck permits TokenCheck.Valid, TokenCheck.Rejected, TokenCheck.Unavailable {

    /**
     * The token is genuine and current.
     *
     * @param claims    the JWT's claims or the introspection answer's members, deep-immutable
     * @param expiresAt {@code exp}, or {@code null} when the provider did not say
     */
    record Valid(Map<String, Object> claims, Instant expiresAt) implements TokenCheck {
        public Valid {
            claims = ClaimPaths.freeze(claims);
        }
    }

    /**
     * The token must not be accepted.
     *
     * @param description fit for an {@code error_description}: names the failed check, never a token or claim value
     */
    record Rejected(String description) implements TokenCheck {
        public Rejected {
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * Nothing could be decided: the provider was down, slow, or refused to answer us.
     *
     * @param reason for the log: what failed, never a token
     */
    record Unavailable(String reason) implements TokenCheck {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
