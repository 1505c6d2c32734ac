import { describe, expect, it } from 'vitest';
import { USER_ROLES } from './api/types.ts';
import { ACTIONS, can, canManageTeamMembers, canManageTeamModels, canOnAll, navItemsFor, scopeOf } from './permissions.ts';

const WRITE_ACTIONS = ACTIONS.filter((action) => !/:(read|list|global)$/.test(action));

describe('role gating (mirror of the backend matrix)', () => {
  it('admins may do everything, on everything', () => {
    for (const action of ACTIONS) expect(scopeOf('proxy_admin', action), action).toBe('all');
  });

  it('viewers get no create, edit, delete or block action at all', () => {
    for (const role of ['proxy_admin_viewer', 'internal_user_viewer'] as const) {
      for (const action of WRITE_ACTIONS) expect(can(role, action), `${role} ${action}`).toBe(false);
    }
  });

  it('admin viewers read everything an admin reads', () => {
    for (const action of ACTIONS.filter((a) => !WRITE_ACTIONS.includes(a))) expect(canOnAll('proxy_admin_viewer', action), action).toBe(true);
  });

  it('internal users manage their own keys only, never block keys or touch teams and models', () => {
    expect(scopeOf('internal_user', 'key:create')).toBe('own');
    expect(can('internal_user', 'key:block')).toBe(false);
    expect(can('internal_user', 'team:create')).toBe(false);
    expect(can('internal_user', 'model:write')).toBe(false);
    expect(can('internal_user', 'user:list')).toBe(false);
    expect(scopeOf('internal_user', 'spend:read')).toBe('own');
  });

  it('an unknown or missing role may do nothing', () => {
    expect(can(undefined, 'model:read')).toBe(false);
    expect(can('superuser' as never, 'key:read')).toBe(false);
  });

  it('team members are managed by proxy admins, and by team admins for their own team', () => {
    expect(canManageTeamMembers('proxy_admin', undefined)).toBe(true);
    expect(canManageTeamMembers('internal_user', 'admin')).toBe(true);
    expect(canManageTeamMembers('internal_user', 'user')).toBe(false);
    expect(canManageTeamMembers('proxy_admin_viewer', 'admin')).toBe(false);
  });

  it("a team's models are changed by proxy admins, and by team admins for their own team", () => {
    expect(canManageTeamModels('proxy_admin', undefined)).toBe(true);
    expect(canManageTeamModels('internal_user', 'admin')).toBe(true);
    expect(canManageTeamModels('internal_user', 'user')).toBe(false);
    expect(canManageTeamModels('internal_user', undefined)).toBe(false);
    expect(canManageTeamModels('internal_user_viewer', 'admin')).toBe(false);
  });

  it('shows each role only the pages it can use', () => {
    const labels = (role: (typeof USER_ROLES)[number]) => navItemsFor(role).map((item) => item.label);
    expect(labels('proxy_admin')).toContain('Internal Users');
    expect(labels('proxy_admin_viewer')).toEqual(labels('proxy_admin'));
    expect(labels('internal_user')).not.toContain('Internal Users');
    expect(labels('internal_user')).not.toContain('Organizations');
    expect(labels('internal_user')).toEqual(expect.arrayContaining(['Virtual Keys', 'Playground', 'Usage', 'Logs', 'Teams']));
  });
});
