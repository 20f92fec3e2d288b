package dev.offlineaccess.login;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sign-ins in progress in one HTTP session, oldest first, at most a bounded number: a user may start a
 * sign-in in several tabs at once, and each callback finds its own by {@code state}. Adding beyond the bound drops
 * the oldest. Immutable and {@link Serializable} (it lives in the HTTP session); every change returns a new value,
 * which the caller stores back.
 */
public final class PendingLogins implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final PendingLogins EMPTY = new PendingLogins(List.of());

    /** How long a sign-in may take from the redirect to the provider until the callback. */
    public static final Duration MAX_AGE = Duration.ofMinutes(30);

    private final List<PendingLogin> logins;

    private PendingLogins(List<PendingLogin> logins) {
        this.logins = List.copyOf(logins);
    }

    public static PendingLogins empty() {
        return EMPTY;
    }

    /** These sign-ins plus {@code login}, dropping the oldest ones beyond {@code max}. */
    public PendingLogins with(PendingLogin login, int max) {
        Objects.requireNonNull(login, "login");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        List<PendingLogin> next = new ArrayList<>(logins);
        next.add(login);
        return new PendingLogins(next.subList(Math.max(0, next.size() - max), next.size()));
    }

    /**
     * Finds the sign-in started with {@code state}, if it is not older than {@link #MAX_AGE} at {@code now}. The
     * caller stores {@link #without(PendingLogin)} so that a state is used once.
     */
    public Optional<PendingLogin> find(String state, Instant now) {
        Objects.requireNonNull(state, "state");
        byte[] wanted = state.getBytes(StandardCharsets.UTF_8);
        Instant oldest = now.minus(MAX_AGE);
        return logins.stream()
                .filter(login -> MessageDigest.isEqual(wanted, login.state().getBytes(StandardCharsets.UTF_8)))
                .filter(login -> !login.createdAt().isBefore(oldest))
                .findFirst();
    }

    /** These sign-ins without {@code login}. */
    public PendingLogins without(PendingLogin login) {
        List<PendingLogin> next = new ArrayList<>(logins);
        next.remove(login);
        return next.isEmpty() ? EMPTY : new PendingLogins(next);
    }

    /** These sign-ins without the ones older than {@link #MAX_AGE} at {@code now}. */
    public PendingLogins withoutExpired(Instant now) {
        Instant oldest = now.minus(MAX_AGE);
        List<PendingLogin> next = logins.stream().filter(login -> !login.createdAt().isBefore(oldest)).toList();
        return next.size() == logins.size() ? this : new PendingLogins(next);
    }

    public int size() {
        return logins.size();
    }

    public boolean isEmpty() {
        return logins.isEmpty();
    }

    @Serial
    private Object readResolve() {
        return new PendingLogins(logins == null ? List.of() : logins);
    }

    @Override
    public String toString() {
        return "PendingLogins[" + logins.size() + "]";
    }
}
