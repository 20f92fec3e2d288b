package dev.offlineaccess.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The state of one {@link SettingsLoader} call: where the file came from, the environment (for overrides), the
 * warnings so far, and the nested objects whose keys must be checked for typos at the end.
 *
 * <p>Not thread-safe: used by one loader call.
 */
final class LoadContext {
    private final String sourceName;
    private final Function<String, String> environment;
    private final List<String> warnings = new ArrayList<>();
    private final Map<ConfigObject, Set<String>> nested = new LinkedHashMap<>();

    LoadContext(String sourceName, Function<String, String> environment) {
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    String sourceName() {
        return sourceName;
    }

    /** An environment override: present only when the variable is set and not blank; trimmed. */
    Optional<String> override(String variable) {
        String value = environment.apply(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * Adds a warning.
     *
     * @param id      a stable id operators can search for, e.g. {@code unknown-key}
     * @param message what happened and what to do; never a secret value
     */
    void warn(String id, String message) {
        warnings.add("[oidc-config." + id + "] " + sourceName + ": " + message);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Registers a nested object whose unread keys are reported as unknown. */
    void track(ConfigObject object, Set<String> knownKeys) {
        nested.put(object, knownKeys);
    }

    Map<ConfigObject, Set<String>> tracked() {
        return nested;
    }
}
