package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.IssuedTokens;
import dev.offlineaccess.provider.ProviderError;
import dev.offlineaccess.provider.ProviderRejectedException;
import dev.offlineaccess.provider.ProviderUnavailableException;
import dev.offlineaccess.provider.TokenEndpoint;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-process token endpoint with Keycloak's offline-token semantics (measured on Keycloak 26.5.6): every refresh
 * returns a new refresh token; with rotation on, a refresh token works once, a second use answers
 * {@code Maximum allowed refresh token reuse exceeded} and detaches the session (even the newest token then gets
 * {@code Session doesn't have required client}), an older unused one {@code Stale token}. Revocation ends the
 * session ({@code Offline user session not found}). Access tokens are unsigned JWTs carrying {@code sub}.
 *
 * <p>Faults can be queued: an OAuth error or "unavailable" for the next calls. Counts calls and the most refreshes
 * ever running at once. Thread-safe.
 */
final class InProcessTokenEndpoint implements TokenEndpoint {
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(60);
    private static final Object UNAVAILABLE = new Object();

    private final Clock clock;
    private final boolean rotation;
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Session> latestSession = new HashMap<>();
    private final Queue<Object> faults = new ConcurrentLinkedQueue<>();
    private final Set<String> unreachableSubjects = ConcurrentHashMap.newKeySet();
    private final List<String> issued = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger refreshCalls = new AtomicInteger();
    private final AtomicInteger revokeCalls = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final AtomicInteger serial = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean subjectInTokens = true;
    private volatile boolean refreshAnswersWithoutRefreshToken;
    private volatile Consumer<String> beforeAnswer = token -> { };

    InProcessTokenEndpoint(Clock clock, boolean rotation) {
        this.clock = clock;
        this.rotation = rotation;
    }

    /** A login with {@code scope=openid offline_access}: a new offline session for the subject. */
    synchronized IssuedTokens login(String subject) {
        Session session = new Session(subject);
        latestSession.put(subject, session);
        return issue(session);
    }

    @Override
    public IssuedTokens refresh(String refreshToken, Set<String> scopes)
            throws ProviderRejectedException, ProviderUnavailableException {
        refreshCalls.incrementAndGet();
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            pause();
            beforeAnswer.accept(refreshToken);
            fault("refresh");
            String subject = subjectOf(refreshToken);
            if (subject != null && unreachableSubjects.contains(subject)) {
                throw new ProviderUnavailableException("refresh: read timed out (injected)");
            }
            return rotate(refreshToken);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public void revokeRefreshToken(String refreshToken) throws ProviderRejectedException, ProviderUnavailableException {
        revokeCalls.incrementAndGet();
        fault("revoke");
        synchronized (this) {
            Token token = tokens.get(refreshToken);
            if (token != null) {
                token.session.revoked = true;
            }
        }
    }

    private synchronized IssuedTokens rotate(String value) throws ProviderRejectedException {
        Token token = tokens.get(value);
        if (token == null) {
            throw invalidGrant("Invalid refresh token");
        }
        Session session = token.session;
        if (session.revoked) {
            throw invalidGrant("Offline user session not found");
        }
        if (session.detached) {
            throw invalidGrant("Session doesn't have required client");
        }
        if (session.disabled) {
            throw invalidGrant("User disabled");
        }
        if (rotation) {
            if (token.uses > 0) {
                session.detached = true;
                throw invalidGrant("Maximum allowed refresh token reuse exceeded");
            }
            if (!value.equals(session.current)) {
                throw invalidGrant("Stale token");
            }
            token.uses++;
        }
        if (refreshAnswersWithoutRefreshToken && !rotation) {
            IssuedTokens full = issue(session);
            session.current = value;
            return new IssuedTokens(full.accessToken(), full.accessTokenExpiresAt(), null, null, null, Set.of(),
                    full.idToken());
        }
        return issue(session);
    }

    private IssuedTokens issue(Session session) {
        int n = serial.incrementAndGet();
        String refresh = "rt-" + session.subject + "-" + n + "-" + Long.toHexString(Double.doubleToLongBits(
                Math.random()));
        tokens.put(refresh, new Token(session));
        session.current = refresh;
        Instant expires = clock.instant().plus(ACCESS_TOKEN_LIFETIME);
        String access = subjectInTokens ? jwt(session.subject, expires, n) : "opaque-at-" + n;
        String id = subjectInTokens ? jwt(session.subject, expires, -n) : null;
        issued.add(refresh);
        issued.add(access);
        if (id != null) {
            issued.add(id);
        }
        return new IssuedTokens(access, expires, refresh, "Offline", null, Set.of("openid", "offline_access"), id);
    }

    private synchronized String subjectOf(String refreshToken) {
        Token token = tokens.get(refreshToken);
        return token == null ? null : token.session.subject;
    }

    /** Refreshes of this subject's tokens time out. */
    void unreachableFor(String subject) {
        unreachableSubjects.add(subject);
    }

    /** Every token value this provider ever issued (refresh, access and ID tokens). */
    List<String> issuedValues() {
        synchronized (issued) {
            return List.copyOf(issued);
        }
    }

    /** Whether the token would refresh now (without using it). */
    synchronized boolean isUsable(String refreshToken) {
        Token token = tokens.get(refreshToken);
        if (token == null) {
            return false;
        }
        Session s = token.session;
        boolean alive = !s.revoked && !s.detached && !s.disabled;
        return alive && (!rotation || token.uses == 0 && refreshToken.equals(s.current));
    }

    /** The newest refresh token of the subject's latest session. */
    synchronized String currentToken(String subject) {
        return latestSession.get(subject).current;
    }

    synchronized boolean isDetached(String refreshToken) {
        return tokens.get(refreshToken).session.detached;
    }

    synchronized void disable(String refreshToken) {
        tokens.get(refreshToken).session.disabled = true;
    }

    synchronized void endSession(String refreshToken) {
        tokens.get(refreshToken).session.revoked = true;
    }

    void failNext(ProviderError error) {
        faults.add(error);
    }

    void unavailableNext() {
        faults.add(UNAVAILABLE);
    }

    /** Runs when a refresh arrives (before queued faults), with the refresh token it got. */
    void beforeAnswer(Consumer<String> hook) {
        this.beforeAnswer = hook;
    }

    void latency(Duration latency) {
        this.latency = latency;
    }

    /** Refresh answers carry no refresh token and no scope (some providers never rotate). Rotation must be off. */
    void withoutRefreshTokenInRefreshAnswers() {
        refreshAnswersWithoutRefreshToken = true;
    }

    /** Access tokens become opaque and no ID token is returned. */
    void withoutSubject() {
        subjectInTokens = false;
    }

    int refreshCalls() {
        return refreshCalls.get();
    }

    int revokeCalls() {
        return revokeCalls.get();
    }

    int maxConcurrentRefreshes() {
        return maxRunning.get();
    }

    private void fault(String operation) throws ProviderRejectedException, ProviderUnavailableException {
        Object fault = faults.poll();
        if (fault == UNAVAILABLE) {
            throw new ProviderUnavailableException(operation + ": connection refused (injected)");
        }
        if (fault instanceof ProviderError error) {
            throw new ProviderRejectedException(operation, error);
        }
    }

    private void pause() {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ProviderRejectedException invalidGrant(String description) {
        return new ProviderRejectedException("refresh", new ProviderError(400, "invalid_grant", description));
    }

    static String jwt(String subject, Instant expires, int id) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = "{\"sub\":\"" + subject + "\",\"exp\":" + expires.getEpochSecond() + ",\"jti\":\"" + id + "\"}";
        return header + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static final class Session {
        private final String subject;
        private String current;
        private boolean revoked;
        private boolean detached;
        private boolean disabled;

        Session(String subject) {
            this.subject = subject;
        }
    }

    private static final class Token {
        private final Session session;
        private int uses;

        Token(Session session) {
            this.session = session;
        }
    }
}
