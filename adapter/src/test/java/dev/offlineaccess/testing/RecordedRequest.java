package dev.offlineaccess.testing;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One request a {@link FakeOpenIdProvider} endpoint received, for assertions. Holds the real values (it is test
 * data), but {@link #toString()} masks every parameter that carries a token, code, secret or password, so a failing
 * assertion never prints one.
 *
 * @param method     {@code GET} or {@code POST}
 * @param params     query and form parameters (first value of each), never {@code null}
 * @param clientAuth how the client authenticated: {@code client_secret_basic}, {@code client_secret_post},
 *                   {@code none} (client id only) or {@code bearer} (an access token), or {@code null}
 */
public record RecordedRequest(String method, Map<String, String> params, String clientAuth) {
    private static final Set<String> SECRET_PARAMS = Set.of("token", "refresh_token", "code", "client_secret",
            "code_verifier", "password", "access_token", "id_token_hint", "logout_token", "assertion");

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        params = Map.copyOf(params);
    }

    public String param(String name) {
        return params.get(name);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(method).append(" {");
        params.forEach((k, v) -> out.append(k).append('=').append(SECRET_PARAMS.contains(k) ? "****" : v).append(", "));
        return out.append("} clientAuth=").append(clientAuth).toString();
    }
}
