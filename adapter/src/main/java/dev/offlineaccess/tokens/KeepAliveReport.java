package dev.offlineaccess.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one keep-alive run did. Immutable.
 *
 * @param started   when the run started
 * @param duration  how long it took
 * @param refreshed grants refreshed at the provider
 * @param skipped   grants found idle but refreshed by someone else, or forgotten, before their turn
 * @param revoked   grants the provider refused for good; their rows are now marked revoked
 * @param failed    grants that could not be refreshed this time (provider or store down, client refused,
 *                  unreadable token); their rows are untouched
 * @param complete  whether the run looked at every idle grant ({@code false}: the store failed while paging)
 */
public record KeepAliveReport(Instant started, Duration duration, int refreshed, int skipped,
                              List<RevokedGrant> revoked, List<FailedGrant> failed, boolean complete) {
    public KeepAliveReport {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
        revoked = List.copyOf(revoked);
        failed = List.copyOf(failed);
    }

    /**
     * A grant the provider refused during the run.
     *
     * @param grant            the grant
     * @param principal        its user
     * @param error            the provider's {@code error}
     * @param errorDescription the provider's {@code error_description}, or {@code null}
     */
    public record RevokedGrant(GrantKey grant, String principal, String error, String errorDescription) {
    }

    /**
     * A grant that failed for now.
     *
     * @param grant     the grant
     * @param principal its user
     * @param failure   why: an {@link OfflineTokenException} or a {@link SealedTokenException}
     */
    public record FailedGrant(GrantKey grant, String principal, RuntimeException failure) {
        /** Whether the next run may succeed without anyone doing anything. */
        public boolean isRetryable() {
            return failure instanceof OfflineTokenException e && e.isRetryable();
        }
    }
}
