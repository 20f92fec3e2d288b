package dev.offlineaccess.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A user session of the fake provider with its one client (ours): online or offline, its refresh tokens and their
 * use counts. Mutable; guarded by the {@link FakeRealm}'s lock.
 */
final class FakeSession {
    final String sid;
    final String username;
    final Instant authTime;
    boolean offline;
    Set<String> scopes;
    Instant lastUse;
    /** Reuse detection removed the client from the session: every token then fails. */
    boolean clientRemoved;
    /** The refresh tokens issued in this session, by jti, oldest first. */
    final Map<String, RefreshRecord> refreshTokens = new LinkedHashMap<>();

    /** One issued refresh token: its value, issue sequence (for "not before") and how often it was used. */
    static final class RefreshRecord {
        final String token;
        final long sequence;
        int uses;

        RefreshRecord(String token, long sequence) {
            this.token = token;
            this.sequence = sequence;
        }
    }

    FakeSession(String sid, String username, Instant authTime, Set<String> scopes) {
        this.sid = sid;
        this.username = username;
        this.authTime = authTime;
        this.lastUse = authTime;
        this.scopes = Set.copyOf(scopes);
    }
}
