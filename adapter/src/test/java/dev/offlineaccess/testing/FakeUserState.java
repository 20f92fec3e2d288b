package dev.offlineaccess.testing;

/** A user's mutable admin state in the fake provider. Guarded by the {@link FakeRealm}'s lock. */
final class FakeUserState {
    FakeUser user;
    boolean enabled = true;
    /** Tokens issued at or before this sequence number are stale (admin "log out user"). */
    long notBeforeSequence = -1;
    boolean consent = true;

    FakeUserState(FakeUser user) {
        this.user = user;
    }
}
