import { describe, expect, it } from 'vitest';
import { ACTIONS, permissionTable, scopeOf } from './permission-matrix.ts';

/** docs/permissions.md, row by row: a change to either must change this test too. */
const EXPECTED: Record<string, string> = {
  'key:create': 'all none own none',
  'key:update': 'all none own none',
  'key:delete': 'all none own none',
  'key:regenerate': 'all none own none',
  'key:block': 'all none none none',
  'key:reset_spend': 'all none own none',
  'key:read': 'all all own own',
  'user:create': 'all none none none',
  'user:update': 'all none own none',
  'user:delete': 'all none none none',
  'user:read': 'all all own own',
  'user:list': 'all all none none',
  'team:create': 'all none none none',
  'team:update': 'all none none none',
  'team:delete': 'all none none none',
  'team:block': 'all none none none',
  'team:members': 'all none own none',
  'team:models': 'all none own none',
  'team:logging': 'all none own none',
  'team:read': 'all all own own',
  'organization:write': 'all none none none',
  'organization:read': 'all all none none',
  'budget:write': 'all none none none',
  'budget:read': 'all all none none',
  'customer:write': 'all none none none',
  'customer:read': 'all all none none',
  'model:write': 'all none none none',
  'model:read': 'all all all all',
  'credential:write': 'all none none none',
  'credential:read': 'all all none none',
  'tag:write': 'all none none none',
  'tag:read': 'all all own own',
  'spend:read': 'all all own own',
  'spend:global': 'all all none none',
  'spend:reset': 'all none none none',
  'audit:read': 'all all none none',
  'config:read': 'all all none none',
  'config:write': 'all none none none',
  'logging:any_destination': 'all none none none',
};

describe('permission matrix', () => {
  it('covers every action exactly once', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(permissionTable())('$action: admin $proxy_admin, admin viewer $proxy_admin_viewer, user $internal_user, user viewer $internal_user_viewer', (row) => {
    expect([row.proxy_admin, row.proxy_admin_viewer, row.internal_user, row.internal_user_viewer].join(' ')).toBe(EXPECTED[row.action]);
  });

  it('viewers can never write', () => {
    for (const action of ACTIONS.filter((name) => !/:(read|list|global)$/.test(name))) {
      expect(scopeOf('proxy_admin_viewer', action), action).toBe('none');
      expect(scopeOf('internal_user_viewer', action), action).toBe('none');
    }
  });

});
