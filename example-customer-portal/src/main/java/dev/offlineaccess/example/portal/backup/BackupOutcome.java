package dev.offlineaccess.example.portal.backup;

/** How one user's backup went. */
public enum BackupOutcome {
    /** Customers fetched with a fresh access token and saved. */
    OK,
    /** The user's offline grant is revoked (at the provider or here); the reason is recorded. */
    REVOKED,
    /** The user never granted offline access (or it was forgotten): nothing to do until they do. */
    NO_OFFLINE_ACCESS,
    /** The identity provider could not be reached; the stored token is untouched and the next run retries. */
    PROVIDER_UNAVAILABLE,
    /** Something else failed (token database, customer service); the reason is recorded. */
    FAILED
}
