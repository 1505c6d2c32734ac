import * as client from 'openid-client';
import type { SsoSettings } from './sso-settings.ts';

const isLoopback = (url: URL) => url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';

/**
 * The provider's configuration from discovery, with any GENERIC_*_ENDPOINT overriding the discovered one.
 * Discovered once; a failed discovery is retried on the next login instead of being cached.
 */
export function oidcConfigurationLoader(settings: SsoSettings): () => Promise<client.Configuration> {
  let pending: Promise<client.Configuration> | undefined;
  const discover = async () => {
    // Plain http is refused by openid-client; a provider on this machine (a test, a local Keycloak) may use it.
    const execute = settings.issuer.protocol === 'http:' && isLoopback(settings.issuer) ? [client.allowInsecureRequests] : [];
    const discovered = await client.discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, { execute });
    const { authorization, token, userinfo } = settings.endpoints;
    if (!authorization && !token && !userinfo) return discovered;
    const { supportsPKCE: _helper, ...discoveredMetadata } = discovered.serverMetadata();
    const metadata = {
      ...discoveredMetadata,
      ...(authorization ? { authorization_endpoint: authorization } : {}),
      ...(token ? { token_endpoint: token } : {}),
      ...(userinfo ? { userinfo_endpoint: userinfo } : {}),
    };
    const configured = new client.Configuration(metadata, settings.clientId, settings.clientSecret);
    for (const option of execute) option(configured);
    return configured;
  };
  return () => {
    pending ??= discover().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
