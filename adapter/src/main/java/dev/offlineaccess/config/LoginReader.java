package dev.offlineaccess.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads how users sign in: scopes, callback path, offline access, principal and role claims, ID-token algorithms.
 * Stateless.
 */
final class LoginReader {
    static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");
    static final List<String> DEFAULT_ALGORITHMS = List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    /** HMAC algorithms (the client secret is the key) and the minimum secret length in bytes each needs. */
    static final Map<String, Integer> HMAC_ALGORITHMS = Map.of("HS256", 32, "HS384", 48, "HS512", 64);
    private static final List<String> OTHER_ALGORITHMS = List.of("ES256K", "EdDSA");
    private static final int MAX_PENDING_LOGINS_LIMIT = 1000;

    private LoginReader() {
    }

    static LoginSettings read(ConfigObject root, LoadContext context, ClientSettings client, String sslRequired) {
        List<String> scopes = scopes(root);
        String callbackPath = root.string("callback-path").map(p -> Values.contextPath("callback-path", p))
                .orElse(null);
        OfflineAccessMode offlineAccess = root.string("offline-access")
                .map(v -> Values.oneOf("offline-access", v, List.of("on-demand", "always", "never")))
                .map(v -> OfflineAccessMode.valueOf(v.replace('-', '_').toUpperCase(java.util.Locale.ROOT)))
                .orElse(OfflineAccessMode.ON_DEMAND);
        boolean promptConsent = root.bool("offline-prompt-consent")
                .orElse(!looksLikeKeycloak(client.issuer().getRawPath()));
        String principalClaim = Setting.either("principal-claim", root.string("principal-claim"),
                        "principal-attribute", root.string("principal-attribute"), false)
                .map(s -> claimPath(s.key(), s.value())).orElse("sub");
        List<String> roleClaims = roleClaims(root, context, client.clientId());
        Set<String> algorithms = algorithms(root, client);
        int maxPending = maxPendingLogins(root);
        return new LoginSettings(scopes, callbackPath, offlineAccess, promptConsent, principalClaim, roleClaims,
                algorithms, maxPending, sslRequired);
    }

    /** Keycloak's issuers are {@code <server>/realms/<realm>}. */
    static boolean looksLikeKeycloak(String issuerPath) {
        return issuerPath != null && issuerPath.contains("/realms/");
    }

    private static List<String> scopes(ConfigObject root) {
        List<String> configured = root.spaceSeparatedList("scopes").orElse(DEFAULT_SCOPES);
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        for (String scope : configured) {
            if (scope.equals("offline_access")) {
                throw new ConfigurationException("scopes", "must not contain offline_access; when to ask for"
                        + " offline access is the job of 'offline-access'", "remove offline_access from 'scopes'"
                        + " and set \"offline-access\": \"always\" (or keep the default \"on-demand\")");
            }
            if (!scope.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                throw new ConfigurationException("scopes", "'" + scope + "' is not a valid scope",
                        "use scope names made of printable ASCII without '\"' or '\\' (RFC 6749 section 3.3)");
            }
            scopes.add(scope);
        }
        return new ArrayList<>(scopes);
    }

    private static List<String> roleClaims(ConfigObject root, LoadContext context, String clientId) {
        String clientRoles = "resource_access." + clientId + ".roles";
        Optional<List<String>> configured = root.list("role-claims");
        boolean resourceOnly = root.bool("use-resource-role-mappings").orElse(false);
        if (configured.isPresent()) {
            if (resourceOnly) {
                context.warn("role-mappings-overridden", "'role-claims' is set, so use-resource-role-mappings is"
                        + " not used; roles come from " + configured.get());
            }
            List<String> paths = configured.get();
            if (paths.isEmpty()) {
                throw new ConfigurationException("role-claims", "is empty", "list at least one claim path, e.g."
                        + " [\"realm_access.roles\"], or remove the key for the default");
            }
            paths.forEach(p -> claimPath("role-claims", p));
            return paths;
        }
        return resourceOnly ? List.of(clientRoles) : List.of("realm_access.roles", clientRoles, "roles");
    }

    /** A claim name or a dotted path to a nested claim. */
    private static String claimPath(String key, String value) {
        if (value.startsWith(".") || value.endsWith(".") || value.contains("..")
                || value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigurationException(key, "'" + value + "' is not a claim name or dotted claim path",
                    "write a claim name such as preferred_username, or a path such as realm_access.roles");
        }
        return value;
    }

    private static Set<String> algorithms(ConfigObject root, ClientSettings client) {
        List<String> configured = root.list("id-token-algorithms").orElse(DEFAULT_ALGORITHMS);
        if (configured.isEmpty()) {
            throw new ConfigurationException("id-token-algorithms", "is empty",
                    "list the algorithms your provider signs ID tokens with, e.g. [\"RS256\"]");
        }
        Set<String> algorithms = new LinkedHashSet<>();
        for (String value : configured) {
            String algorithm = canonicalAlgorithm(value);
            Integer minSecretBytes = HMAC_ALGORITHMS.get(algorithm);
            if (minSecretBytes != null) {
                checkHmacSecret(algorithm, minSecretBytes, client);
            }
            algorithms.add(algorithm);
        }
        return algorithms;
    }

    private static String canonicalAlgorithm(String value) {
        if (value.equalsIgnoreCase("none")) {
            throw new ConfigurationException("id-token-algorithms", "'none' would accept unsigned ID tokens",
                    "remove 'none'; list signature algorithms such as RS256");
        }
        List<String> known = new ArrayList<>(DEFAULT_ALGORITHMS);
        known.addAll(OTHER_ALGORITHMS);
        known.addAll(List.of("HS256", "HS384", "HS512"));
        return known.stream().filter(a -> a.equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new ConfigurationException("id-token-algorithms", "'" + value
                        + "' is not a supported JWS algorithm", "use some of: " + String.join(", ", known)));
    }

    private static void checkHmacSecret(String algorithm, int minBytes, ClientSettings client) {
        Secret secret = client.secret().orElseThrow(() -> new ConfigurationException("id-token-algorithms",
                algorithm + " ID tokens are signed with the client secret, but this is a public client",
                "remove " + algorithm + ", or configure the client secret of a confidential client"));
        if (secret.value().getBytes(StandardCharsets.UTF_8).length < minBytes) {
            throw new ConfigurationException("id-token-algorithms", algorithm + " needs a client secret of at"
                    + " least " + minBytes + " bytes, and the configured one is shorter",
                    "remove " + algorithm + ", or give the client a longer secret");
        }
    }

    private static int maxPendingLogins(ConfigObject root) {
        long value = root.integer("max-pending-logins").orElse(10L);
        if (value < 1 || value > MAX_PENDING_LOGINS_LIMIT) {
            throw new ConfigurationException("max-pending-logins", "must be between 1 and "
                    + MAX_PENDING_LOGINS_LIMIT + ", got " + value, "use a small number such as the default 10");
        }
        return (int) value;
    }
}
