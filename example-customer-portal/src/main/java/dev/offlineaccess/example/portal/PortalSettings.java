package dev.offlineaccess.example.portal;

/**
 * The portal's own settings: a Java system property of the given name, else the environment variable, else the
 * default. ({@code PORTAL_DATA_DIR}, {@code PORTAL_BASE_URL}, {@code BACKUP_INTERVAL}, {@code OFFLINE_DB_URL},
 * {@code OFFLINE_DB_USER}, {@code OFFLINE_DB_PASSWORD}.) The adapter's own settings come from {@code oidc.json}.
 */
public final class PortalSettings {
    private PortalSettings() {
    }

    /** The value, or {@code fallback} (may be {@code null}) when unset or blank. */
    public static String get(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
