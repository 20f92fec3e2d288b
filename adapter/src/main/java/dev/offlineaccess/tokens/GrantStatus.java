package dev.offlineaccess.tokens;

/** Whether a stored grant can still be used. */
public enum GrantStatus {
    /** The stored token is believed valid. */
    ACTIVE,
    /** The provider refused it, or it was revoked here; the row says why and stays until forgotten. */
    REVOKED
}
