package dev.offlineaccess.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Talking to the provider, and time.
 *
 * @param connectTimeout connect timeout of every call to the provider
 * @param readTimeout    read timeout of every call to the provider
 * @param clockSkew      tolerated clock difference for {@code exp}, {@code iat}, {@code nbf} and for treating an
 *                       access token as expired early
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, Duration clockSkew) {
    public HttpSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(clockSkew, "clockSkew");
    }
}
