package dev.offlineaccess.session;

import java.util.Objects;

/** What keeping a session fresh came to. */
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
     * @param reason why, for the log; never a token
     */
    record Unavailable(String reason) implements RefreshOutcome {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
