/**
 * Everything the adapter says to the OpenID Provider, behind {@link dev.offlineaccess.provider.OidcProvider}:
 * discovery with backoff ({@link dev.offlineaccess.provider.ProviderMetadataSource}), a JWKS cache with throttled
 * re-fetch, the token, revocation, userinfo and introspection calls, and ID-token and access-token verification.
 * Nimbus oauth2-oidc-sdk does the protocol work inside; the rest of the adapter sees this package's records and
 * exceptions: {@link dev.offlineaccess.provider.ProviderUnavailableException} (retry later),
 * {@link dev.offlineaccess.provider.ProviderRejectedException} (the provider said no, with its OAuth error), and
 * {@link dev.offlineaccess.provider.ProviderMisconfiguredException} (fix the configuration).
 */
package dev.offlineaccess.provider;
