package dev.offlineaccess.provider;

import java.net.URI;

/** Skeleton; filled in below. */
public final class ProviderMetadataSource {
    private final URI issuer;

    public ProviderMetadataSource(URI issuer) {
        this.issuer = issuer;
    }

    public ProviderEndpoints endpoints() throws ProviderUnavailableException {
        throw new ProviderUnavailableException("not yet: " + issuer);
    }
}
