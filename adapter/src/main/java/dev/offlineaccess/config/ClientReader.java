package dev.offlineaccess.config;

import java.net.URI;
import java.util.Optional;

/**
 * Reads who we are at which provider: {@code issuer} (or {@code keycloak.json}'s {@code auth-server-url} +
 * {@code realm}), {@code client-id} (or {@code resource}), {@code client-secret} (or {@code credentials.secret})
 * and {@code public-client}, with the {@code OIDC_*} environment overrides. Stateless.
 */
final class ClientReader {
    static final String ENV_ISSUER = "OIDC_ISSUER";
    static final String ENV_CLIENT_ID = "OIDC_CLIENT_ID";
    static final String ENV_CLIENT_SECRET = "OIDC_CLIENT_SECRET";

    private ClientReader() {
    }

    static ClientSettings read(ConfigObject root, LoadContext context, String sslRequired, boolean bearerOnly) {
        URI issuer = issuer(root, context, sslRequired);
        Setting<String> clientId = Values.required(Setting.overridden(context, ENV_CLIENT_ID,
                        Setting.either("client-id", root.string("client-id"), "resource", root.string("resource"),
                                false)),
                "client-id", "set 'client-id' (or 'resource' as in keycloak.json), or the environment variable "
                        + ENV_CLIENT_ID);
        Secret secret = secret(root, context, bearerOnly);
        return new ClientSettings(issuer, clientId.value(), secret);
    }

    private static URI issuer(ConfigObject root, LoadContext context, String sslRequired) {
        Optional<String> fromKeycloak = keycloakIssuer(root);
        Optional<Setting<String>> fromFile = Setting.either("issuer", root.string("issuer"), "auth-server-url",
                fromKeycloak, false);
        Setting<String> issuer = Values.required(Setting.overridden(context, ENV_ISSUER, fromFile), "issuer",
                "set 'issuer' to the provider's issuer URL (e.g. https://login.example.com/realms/demo), or"
                        + " 'auth-server-url' and 'realm' as in keycloak.json, or the environment variable "
                        + ENV_ISSUER);
        URI uri = Values.httpUrl(issuer.key(), issuer.value());
        if (uri.getRawQuery() != null) {
            throw new ConfigurationException(issuer.key(), "'" + issuer.value() + "' has a query",
                    "an issuer is a URL without query, e.g. https://login.example.com/realms/demo");
        }
        boolean plainHttp = uri.getScheme().equalsIgnoreCase("http");
        boolean httpsRequired = sslRequired.equals("all")
                || (sslRequired.equals("external") && !Values.isLoopback(uri));
        if (plainHttp && httpsRequired) {
            throw new ConfigurationException(issuer.key(), "'" + issuer.value() + "' uses http, but ssl-required is '"
                    + sslRequired + "'", "use https; plain http is accepted only for localhost/127.0.0.1 with"
                    + " ssl-required 'external', or anywhere with ssl-required 'none' (never in production)");
        }
        return uri;
    }

    /** {@code auth-server-url} without trailing {@code /} + {@code /realms/} + {@code realm}. */
    private static Optional<String> keycloakIssuer(ConfigObject root) {
        Optional<String> realm = root.string("realm");
        Optional<String> authServerUrl = root.string("auth-server-url");
        if (realm.isEmpty() && authServerUrl.isEmpty()) {
            return Optional.empty();
        }
        String url = Values.required(authServerUrl, "auth-server-url", "keycloak.json names the realm but not"
                + " the server: add \"auth-server-url\": \"https://keycloak.example.com/\", or use 'issuer'");
        String name = Values.required(realm, "realm", "keycloak.json names the server but not the realm: add"
                + " \"realm\": \"<realm name>\", or use 'issuer'");
        if (name.chars().anyMatch(c -> c == '/' || c == '?' || c == '#' || c == '%' || Character.isWhitespace(c))) {
            throw new ConfigurationException("realm", "'" + name + "' contains a character that cannot appear in"
                    + " the issuer URL", "use the realm's name exactly as Keycloak shows it, or set 'issuer'");
        }
        Values.httpUrl("auth-server-url", url);
        String base = url;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return Optional.of(base + "/realms/" + name);
    }

    private static Secret secret(ConfigObject root, LoadContext context, boolean bearerOnly) {
        Optional<Secret> fromCredentials = credentialsSecret(root, context);
        Optional<Setting<Secret>> fromFile = Setting.either("client-secret", root.secret("client-secret"),
                "credentials.secret", fromCredentials, true);
        Optional<Boolean> publicClient = root.bool("public-client");
        Optional<String> fromEnv = context.override(ENV_CLIENT_SECRET);
        if (fromEnv.isPresent()) {
            return new Secret(fromEnv.get());
        }
        if (publicClient.orElse(false)) {
            fromFile.ifPresent(s -> context.warn("secret-ignored", "public-client is true, so the client secret"
                    + " in '" + s.key() + "' is not used; remove it, or set public-client to false"));
            return null;
        }
        if (fromFile.isEmpty() && publicClient.isPresent() && !bearerOnly) {
            throw new ConfigurationException("public-client", "is false, but no client secret is configured",
                    "set 'client-secret' (or credentials.secret as in keycloak.json, or the environment variable "
                            + ENV_CLIENT_SECRET + "), or set public-client to true for a public client");
        }
        return fromFile.map(Setting::value).orElse(null);
    }

    private static Optional<Secret> credentialsSecret(ConfigObject root, LoadContext context) {
        Optional<ConfigObject> credentials = root.object("credentials");
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        ConfigObject c = credentials.get();
        context.track(c, Keys.CREDENTIALS);
        for (String unsupported : new String[] {"jwt", "secret-jwt"}) {
            if (c.has(unsupported)) {
                throw new ConfigurationException(c.key(unsupported), "signed-JWT client authentication is not"
                        + " supported", "authenticate the client with a client secret: in Keycloak set the"
                        + " client's Client Authenticator to 'Client Id and Secret' and use credentials.secret");
            }
        }
        c.string("provider").filter(p -> !p.equals("secret")).ifPresent(p -> {
            throw new ConfigurationException(c.key("provider"), "'" + p + "' is not supported",
                    "use client secret authentication: \"credentials\": {\"secret\": \"...\"}");
        });
        return c.secret("secret");
    }
}
