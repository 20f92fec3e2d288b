package dev.offlineaccess.config;

/**
 * The configuration cannot work. The message names the key, what is wrong, and how to fix it; the filter lets it
 * fail the deployment.
 */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String fix;

    public ConfigurationException(String key, String problem, String fix) {
        super("Invalid OIDC configuration, key '" + key + "': " + problem + ". Fix: " + fix);
        this.key = key;
        this.fix = fix;
    }

    /** The offending configuration key, e.g. {@code auth-server-url}. */
    public String key() {
        return key;
    }

    /** What to do about it. */
    public String fix() {
        return fix;
    }
}
