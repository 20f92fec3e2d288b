package dev.offlineaccess.logout;

import java.time.Instant;

/**
 * The registry of sessions the provider ended by back-channel logout, and of the {@code jti}s of accepted logout
 * tokens. It is how a logout received by one node ends the user's web session on every node: the receiving node
 * {@link #record}s the ending, and every node asks {@link #isEnded} for the signed-in session of each request.
 *
 * <p><b>Which sessions an ending covers</b> (same issuer, and the ending at or after the session's login):
 * <ul>
 *   <li>an ending with a {@code sid} covers the session with that {@code sid};</li>
 *   <li>an ending without {@code sid} covers every session of its {@code subject} (a token with only {@code sub}
 *   logs the user out everywhere);</li>
 *   <li>a session whose {@code sid} is unknown ({@code null}) is covered by every ending of its subject, with or
 *   without {@code sid} — it cannot be told apart, so it ends to be safe.</li>
 * </ul>
 * A session logged in after the ending is not covered: the user signed in again.
 *
 * <p><b>Implementations</b>: {@link InMemoryEndedSessions} (one node), {@code dev.offlineaccess.jpa.JpaEndedSessions}
 * (shared by every node through the database), and {@link CachedEndedSessions} in front of the latter so that the
 * per-request {@link #isEnded} stays cheap. All are thread-safe. No argument may be {@code null} unless stated.
 * Every method may throw {@link EndedSessionsUnavailableException} when the backing store fails.
 */
public interface EndedSessions {

    /** Records an ending. Recording the same ending twice is harmless. */
    void record(EndedSession ending);

    /**
     * Whether an ending recorded at or after {@code loggedInAt} covers the session (see the class comment).
     *
     * @param issuer     the provider the session was signed in with
     * @param subject    the session's user ({@code sub}), or {@code null} if unknown
     * @param sid        the session's provider session id ({@code sid} of its ID token), or {@code null} if unknown
     * @param loggedInAt when the session was signed in (this application's clock)
     */
    boolean isEnded(String issuer, String subject, String sid, Instant loggedInAt);

    /**
     * Marks a logout token's {@code jti} as used, atomically across every node sharing the registry.
     *
     * @param expiresAt after this instant the token is refused for its age anyway, so the mark may be purged
     * @return {@code true} if the {@code jti} was new; {@code false} if it was marked before (a replay)
     */
    boolean markJtiSeen(String jti, Instant expiresAt);

    /**
     * Deletes endings recorded before {@code cutoff} and {@code jti} marks that expired before it. Pass a cutoff
     * no later than now minus the longest web-session lifetime, or sessions older than that would survive.
     */
    void purgeOlderThan(Instant cutoff);
}
