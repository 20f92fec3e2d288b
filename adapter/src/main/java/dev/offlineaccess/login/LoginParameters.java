package dev.offlineaccess.login;

import com.nimbusds.langtag.LangTag;
import com.nimbusds.langtag.LangTagException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.Prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sign-in parameters an unauthenticated request may carry and the filter forwards to the provider:
 * {@code scope} (only its {@code offline_access} value is used), {@code prompt}, {@code login_hint},
 * {@code max_age} and {@code ui_locales}. Validated when read. Immutable.
 *
 * @param offlineRequested {@code scope} contained {@code offline_access}
 * @param prompt           the {@code prompt} value, or {@code null}
 * @param loginHint        the {@code login_hint} value, or {@code null}
 * @param maxAge           the {@code max_age} in seconds, or {@code null}
 * @param uiLocales        the {@code ui_locales} tags, never {@code null}
 */
record LoginParameters(boolean offlineRequested, Prompt prompt, String loginHint, Integer maxAge,
                              List<LangTag> uiLocales) {

    /** The query parameters that belong to the sign-in and are removed from the return URL. */
    static final Set<String> NAMES = Set.of("scope", "prompt", "login_hint", "max_age", "ui_locales");

    static final String OFFLINE_ACCESS = "offline_access";
    private static final int MAX_HINT_LENGTH = 256;

    public LoginParameters {
        uiLocales = List.copyOf(uiLocales);
    }

    static LoginParameters none() {
        return new LoginParameters(false, null, null, null, List.of());
    }

    /**
     * Reads the sign-in parameters from a request's decoded query parameters.
     *
     * @param query parameter name to values, never {@code null}
     * @throws LoginException {@link LoginFailure#INVALID_LOGIN_PARAMETER} naming the parameter
     */
    static LoginParameters from(Map<String, List<String>> query) throws LoginException {
        boolean offline = query.getOrDefault("scope", List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(" ")))
                .anyMatch(OFFLINE_ACCESS::equals);
        return new LoginParameters(offline, prompt(single(query, "prompt")), loginHint(single(query, "login_hint")),
                maxAge(single(query, "max_age")), uiLocales(single(query, "ui_locales")));
    }

    private static String single(Map<String, List<String>> query, String name) throws LoginException {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw invalid(name + " is given more than once");
        }
        return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
    }

    private static Prompt prompt(String value) throws LoginException {
        if (value == null) {
            return null;
        }
        try {
            Prompt prompt = Prompt.parse(value);
            if (!prompt.isValid()) {
                throw invalid("prompt=none cannot be combined with other prompt values");
            }
            return prompt;
        } catch (ParseException e) {
            throw invalid("prompt must be none, login, consent or select_account");
        }
    }

    private static String loginHint(String value) throws LoginException {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_HINT_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid("login_hint is too long or contains control characters");
        }
        return value;
    }

    private static Integer maxAge(String value) throws LoginException {
        if (value == null) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds < 0) {
                throw invalid("max_age must not be negative");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw invalid("max_age must be a number of seconds");
        }
    }

    private static List<LangTag> uiLocales(String value) throws LoginException {
        if (value == null) {
            return List.of();
        }
        List<LangTag> tags = new ArrayList<>();
        for (String tag : value.split(" +")) {
            try {
                tags.add(LangTag.parse(tag));
            } catch (LangTagException e) {
                throw invalid("ui_locales must be space-separated language tags such as en-GB");
            }
        }
        return tags;
    }

    private static LoginException invalid(String detail) {
        return new LoginException(LoginFailure.INVALID_LOGIN_PARAMETER, detail);
    }
}
