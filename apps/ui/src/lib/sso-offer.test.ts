import { describe, expect, it } from 'vitest';
import { masterKeyLoginOffered, ssoOfferOf } from './sso-offer.ts';

describe('ssoOfferOf', () => {
  it('offers the configured provider', () => {
    expect(ssoOfferOf({ service: 'backend', sso: { provider: 'Okta', login_url: '/sso/key/generate' } })).toEqual({ provider: 'Okta', loginUrl: '/sso/key/generate' });
  });

  it('offers nothing when SSO is off or the answer is not the backend config', () => {
    expect(ssoOfferOf({ service: 'backend', sso: null })).toBeUndefined();
    expect(ssoOfferOf({ service: 'backend' })).toBeUndefined();
    expect(ssoOfferOf('<html>')).toBeUndefined();
  });

  it('never follows a login URL off this origin or outside /sso/', () => {
    for (const login_url of ['https://evil.example/sso/key/generate', '//evil.example/sso/', '/v1/chat/completions', '/sso/../v1/models']) {
      expect(ssoOfferOf({ sso: { provider: 'Okta', login_url } }), login_url).toBeUndefined();
    }
  });
});

describe('masterKeyLoginOffered', () => {
  it('is false only when the backend says so', () => {
    expect(masterKeyLoginOffered({ master_key_login: false })).toBe(false);
    expect(masterKeyLoginOffered({ master_key_login: true })).toBe(true);
    expect(masterKeyLoginOffered({})).toBe(true);
    expect(masterKeyLoginOffered(null)).toBe(true);
  });
});
