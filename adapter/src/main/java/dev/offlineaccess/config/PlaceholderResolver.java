package dev.offlineaccess.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands placeholders in configuration string values.
 * <ul>
 *   <li>{@code ${env.NAME}}: the environment variable {@code NAME}; an error naming the key when it is unset</li>
 *   <li>{@code ${env.NAME:default}}: the environment variable, or {@code default} when it is unset</li>
 *   <li>{@code ${NAME}}: the system property {@code NAME}, else the environment variable {@code NAME}; an error
 *       when neither is set</li>
 *   <li>{@code ${NAME:default}}: as above, or {@code default} when neither is set</li>
 *   <li><code>$${</code>: a literal <code>${</code></li>
 * </ul>
 * A default is taken literally (it may contain {@code :}, not <code>}</code>); an expanded value is not expanded again.
 * A variable set to the empty string counts as set. Error messages name variables, never their values.
 *
 * <p>Immutable and thread-safe if the two lookup functions are. Lookups return {@code null} for "unset".
 */
final class PlaceholderResolver {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final String ENV_PREFIX = "env.";

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;

    PlaceholderResolver(Function<String, String> environment, Function<String, String> systemProperties) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
    }

    /**
     * Expands every placeholder in {@code raw}.
     *
     * @param key the configuration key the value belongs to, for error messages
     * @param raw the value as written in the file
     * @return the expanded value
     * @throws ConfigurationException when a placeholder is malformed or names an unset variable without default
     */
    String resolve(String key, String raw) {
        if (raw.indexOf('$') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                if (end < 0) {
                    throw new ConfigurationException(key, "has a '${' without a closing '}'",
                            "close the placeholder, e.g. ${env.NAME}, or write $${ for a literal '${'");
                }
                out.append(expand(key, raw.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(raw.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private String expand(String key, String expression) {
        int colon = expression.indexOf(':');
        String reference = colon < 0 ? expression : expression.substring(0, colon);
        String fallback = colon < 0 ? null : expression.substring(colon + 1);
        boolean envOnly = reference.startsWith(ENV_PREFIX);
        String name = envOnly ? reference.substring(ENV_PREFIX.length()) : reference;
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException(key, "has a placeholder with an invalid variable name",
                    "use ${env.NAME}, ${env.NAME:default}, ${NAME} or ${NAME:default} with NAME made of letters,"
                            + " digits, '_', '.' or '-'");
        }
        String value = envOnly ? environment.apply(name) : lookUp(name);
        if (value != null) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        if (envOnly) {
            throw new ConfigurationException(key, "refers to the environment variable " + name
                    + ", which is not set", "set " + name + " in the environment of the server, or give a default:"
                    + " ${env." + name + ":value}");
        }
        throw new ConfigurationException(key, "refers to " + name
                + ", which is neither a system property nor an environment variable",
                "set the system property or environment variable " + name + ", or give a default: ${" + name
                        + ":value}");
    }

    private String lookUp(String name) {
        String property = systemProperties.apply(name);
        return property != null ? property : environment.apply(name);
    }
}
