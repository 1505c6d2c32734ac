import { expect, test } from '@playwright/test';
// The dashboard reads the shared matrix (libs/permissions) through its own wrapper, which also refuses
// unknown roles. This spec (no browser needed) checks the wrapper answers exactly as the backend's table.
import { permissionTable } from '../../libs/permissions/src/permission-matrix.ts';
import { ACTIONS, scopeOf } from '../../apps/ui/src/lib/permissions.ts';

const ROLES = ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'] as const;

test('the dashboard gates every action exactly as the backend permission matrix does', () => {
  const backend = permissionTable();
  expect([...ACTIONS].sort()).toEqual(backend.map((row) => row.action).sort());
  for (const row of backend) {
    for (const role of ROLES) expect(scopeOf(role, row.action), `${role} ${row.action}`).toBe(row[role]);
  }
});
