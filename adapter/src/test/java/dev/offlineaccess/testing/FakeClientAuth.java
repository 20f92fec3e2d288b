package dev.offlineaccess.testing;

/**
 * Client authentication at the fake's token, revocation and introspection endpoints: HTTP Basic or form
 * {@code client_id}/{@code client_secret} for a confidential client, {@code client_id} alone for a public one.
 */
final class FakeClientAuth {
    private FakeClientAuth() {
    }

    static void authenticate(FakeSettings settings, FakeExchange request) throws OAuthError {
        String[] basic = request.basicCredentials();
        String id = basic != null ? basic[0] : request.param("client_id");
        String secret = basic != null ? basic[1] : request.param("client_secret");
        if (id == null || !id.equals(settings.clientId)) {
            throw OAuthError.badClient();
        }
        if (!settings.publicClient() && !settings.clientSecret.equals(secret)) {
            throw OAuthError.badClient();
        }
        String method = basic != null ? "client_secret_basic" : secret != null ? "client_secret_post" : "none";
        if (!settings.publicClient() && !settings.tokenEndpointAuthMethods.contains(method)) {
            throw OAuthError.badClient();
        }
    }
}
