package dev.offlineaccess.bearer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link TokenVerifier} answering from tables, recording what it was asked. Thread-safe. */
final class StubVerifier implements TokenVerifier {
    final Map<String, TokenCheck> jwtAnswers = new ConcurrentHashMap<>();
    final Map<String, TokenCheck> introspectionAnswers = new ConcurrentHashMap<>();
    final List<String> jwtCalls = new CopyOnWriteArrayList<>();
    final List<String> audiences = new CopyOnWriteArrayList<>();
    final List<String> introspectionCalls = new CopyOnWriteArrayList<>();

    @Override
    public TokenCheck verifyJwt(String jwt, String audience) {
        jwtCalls.add(jwt);
        audiences.add(audience);
        return jwtAnswers.getOrDefault(jwt, new TokenCheck.Rejected("The access token signature is invalid"));
    }

    @Override
    public TokenCheck introspect(String token) {
        introspectionCalls.add(token);
        return introspectionAnswers.getOrDefault(token, new TokenCheck.Rejected("The access token is not active"));
    }

    /** The stub's keys never change. */
    @Override
    public long keySetGeneration() {
        return 0;
    }
}
