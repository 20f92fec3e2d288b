package dev.offlineaccess.provider;

import java.util.Objects;

/**
 * An OAuth error response from the provider, e.g. {@code 400 invalid_grant "Offline user session not found"}.
 *
 * @param httpStatus  the HTTP status code
 * @param code        the {@code error} member, never {@code null}
 * @param description the {@code error_description} member, or {@code null}
 */
public record ProviderError(int httpStatus, String code, String description) {
    public ProviderError {
        Objects.requireNonNull(code, "code");
    }

    public boolean is(String errorCode) {
        return code.equals(errorCode);
    }

    @Override
    public String toString() {
        return httpStatus + " " + code + (description == null ? "" : " (" + description + ")");
    }
}
