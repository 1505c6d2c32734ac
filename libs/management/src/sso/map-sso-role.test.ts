import { describe, expect, it } from 'vitest';
import { mapSsoRole } from './map-sso-role.ts';

const settings = { roleClaim: 'groups', roleMappings: { admins: 'proxy_admin', viewers: 'proxy_admin_viewer', devs: 'internal_user' }, defaultRole: 'internal_user_viewer' } as const;

describe('mapSsoRole', () => {
  it('gives the most privileged mapped role, whatever the order of the groups', () => {
    expect(mapSsoRole({ groups: ['devs', 'admins', 'viewers'] }, settings)).toBe('proxy_admin');
    expect(mapSsoRole({ groups: ['devs', 'viewers'] }, settings)).toBe('proxy_admin_viewer');
  });

  it('falls back to the default role without a mapped value, or without the claim', () => {
    expect(mapSsoRole({ groups: ['staff'] }, settings)).toBe('internal_user_viewer');
    expect(mapSsoRole({}, settings)).toBe('internal_user_viewer');
    expect(mapSsoRole({ groups: 42 }, settings)).toBe('internal_user_viewer');
  });

  it('reads a space- or comma-separated string claim (e.g. `roles: "devs admins"`)', () => {
    expect(mapSsoRole({ roles: 'devs,admins' }, { ...settings, roleClaim: 'roles' })).toBe('proxy_admin');
  });
});
