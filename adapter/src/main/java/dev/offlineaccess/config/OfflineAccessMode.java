package dev.offlineaccess.config;

/**
 * When the login filter asks the provider for offline access ({@code scope=offline_access}, OIDC Core section 11).
 */
public enum OfflineAccessMode {
    /** Only when the request that triggered the login carries {@code scope=offline_access} (the default). */
    ON_DEMAND,
    /** On every login. */
    ALWAYS,
    /** Never; a {@code scope=offline_access} request parameter is ignored. */
    NEVER;

    /** The configuration value: {@code on-demand}, {@code always} or {@code never}. */
    public String configValue() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
