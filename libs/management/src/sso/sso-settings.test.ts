import { describe, expect, it } from 'vitest';
import { SsoConfigurationError, ssoSettingsFromEnv } from './sso-settings.ts';

const base = { GENERIC_CLIENT_ID: 'client', GENERIC_ISSUER: 'https://idp.example.com/', PROXY_BASE_URL: 'https://gateway.example.com/' };

describe('ssoSettingsFromEnv', () => {
  it('is off without GENERIC_CLIENT_ID', () => {
    expect(ssoSettingsFromEnv({ GENERIC_ISSUER: 'https://idp.example.com' })).toBeUndefined();
  });

  it('fixes the redirect URI and the landing page from PROXY_BASE_URL, with LiteLLM-like defaults', () => {
    const settings = ssoSettingsFromEnv({ ...base, ALLOWED_EMAIL_DOMAINS: 'Example.com, corp.example ' })!;
    expect(settings.redirectUri).toBe('https://gateway.example.com/sso/callback');
    expect(settings.landingUrl).toBe('https://gateway.example.com/ui/');
    expect(settings.scope).toBe('openid email profile');
    expect(settings.allowedEmailDomains).toEqual(['example.com', 'corp.example']);
    expect(settings.defaultRole).toBe('internal_user_viewer');
    expect(settings.providerName).toBe('idp.example.com');
  });

  it('takes OIDC_ISSUER as the issuer too', () => {
    expect(ssoSettingsFromEnv({ ...base, GENERIC_ISSUER: undefined, OIDC_ISSUER: 'https://login.example.org' })?.issuer.href).toBe('https://login.example.org/');
  });

  it('fails the start when half configured or when a mapping names no role', () => {
    expect(() => ssoSettingsFromEnv({ ...base, GENERIC_ISSUER: undefined })).toThrow(SsoConfigurationError);
    expect(() => ssoSettingsFromEnv({ ...base, PROXY_BASE_URL: '' })).toThrow(SsoConfigurationError);
    expect(() => ssoSettingsFromEnv({ ...base, SWITCHBOARD_SSO_ROLE_MAPPINGS: '{"admins":"root"}' })).toThrow(SsoConfigurationError);
    expect(() => ssoSettingsFromEnv({ ...base, SWITCHBOARD_SSO_ROLE_MAPPINGS: 'not json' })).toThrow(SsoConfigurationError);
  });
});
