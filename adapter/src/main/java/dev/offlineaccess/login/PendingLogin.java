package dev.offlineaccess.login;

import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One sign-in in progress: what the callback needs to finish it. Kept in the user's HTTP session (hence
 * {@link Serializable}) until the provider redirects back. Immutable; {@link #toString()} shows no secret.
 *
 * @param state            the {@code state} sent to the provider, never {@code null}
 * @param nonce            the {@code nonce} sent to the provider, never {@code null}
 * @param codeVerifier     the PKCE verifier whose S256 challenge was sent, never {@code null}
 * @param redirectUri      the exact {@code redirect_uri} sent, repeated in the code exchange, never {@code null}
 * @param returnPath       where to send the browser afterwards: a path on this origin starting with a single
 *                         {@code /} (context path included), never {@code null}
 * @param offlineRequested whether {@code offline_access} was asked for
 * @param maxAge           the {@code max_age} sent, in seconds, or {@code null}
 * @param createdAt        when the sign-in started, never {@code null}
 */
public record PendingLogin(String state, String nonce, String codeVerifier, URI redirectUri, String returnPath,
                           boolean offlineRequested, Integer maxAge, Instant createdAt) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public PendingLogin {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(returnPath, "returnPath");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!ReturnPath.isLocal(returnPath)) {
            throw new IllegalArgumentException("returnPath must be a local path");
        }
    }

    @Override
    public String toString() {
        return "PendingLogin[redirectUri=" + redirectUri + ", offlineRequested=" + offlineRequested + ", maxAge="
                + maxAge + ", createdAt=" + createdAt + "]";
    }
}
