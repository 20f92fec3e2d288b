package dev.offlineaccess.provider;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.offlineaccess.config.ClientSettings;

import java.util.Set;

/**
 * How this client authenticates at the provider: {@code client_secret_basic} when a secret is configured, unless the
 * provider lists {@code client_secret_post} and not basic; none for a public client (its requests carry
 * {@code client_id} alone). Stateless.
 */
final class ClientAuth {
    private ClientAuth() {
    }

    /** The authentication to attach, or {@code null} for a public client. */
    static ClientAuthentication of(ClientSettings client, Set<String> providerMethods) {
        if (client.isPublicClient()) {
            return null;
        }
        ClientID id = new ClientID(client.clientId());
        Secret secret = new Secret(client.clientSecret().value());
        boolean postOnly = providerMethods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue())
                && !providerMethods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue());
        return postOnly ? new ClientSecretPost(id, secret) : new ClientSecretBasic(id, secret);
    }
}
