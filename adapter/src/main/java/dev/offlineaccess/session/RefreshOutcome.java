package dev.offlineaccess.session;

import java.util.Objects;

/** What keeping a session fresh came to. Immutable values; no component is {@code null}. */
public sealed interface RefreshOutcome {

    /**
     * The session's access token is valid.
     *
     * @param session the session, with new tokens when {@code refreshed}
     * @param refreshed whether tokens were renewed (the caller stores the new session)
     */
    record Fresh(UserSession session, boolean refreshed) implements RefreshOutcome {
        public Fresh {
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * The session cannot be renewed: the user must sign in again.
     *
     * @param reason why, for the log: an OAuth error code or a check's name; never a token
     */
    record Ended(String reason) implements RefreshOutcome {
        public Ended {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The provider or the token store cannot be asked now; the session is kept and may be renewed later.
     *
     * @param down   which of the two is down: what the user is told
     * @param reason why, for the log; never a token
     */
    record Unavailable(Dependency down, String reason) implements RefreshOutcome {
        public Unavailable {
            Objects.requireNonNull(down, "down");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** What renewing a session depends on that can be down for a while. */
    enum Dependency {
        /** The OpenID Provider: unreachable, answering 5xx or garbage, or refusing this client's configuration. */
        PROVIDER,
        /** The token store (the database of offline grants): it cannot be read or written. */
        TOKEN_STORE
    }
}
