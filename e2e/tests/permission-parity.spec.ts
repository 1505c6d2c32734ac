import { expect, test } from '@playwright/test';
// The UI may import shared types only (tools/workspace-checks), so it carries a copy of the backend's
// matrix to hide what a role cannot do. This spec (no browser needed) fails when the two drift apart.
import { permissionTable } from '../../libs/management/src/permissions/permission-matrix.ts';
import { ACTIONS, scopeOf } from '../../apps/ui/src/lib/permissions.ts';

const ROLES = ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'] as const;

test('the dashboard gates every action exactly as the backend permission matrix does', () => {
  const backend = permissionTable();
  expect([...ACTIONS].sort()).toEqual(backend.map((row) => row.action).sort());
  for (const row of backend) {
    for (const role of ROLES) expect(scopeOf(role, row.action), `${role} ${row.action}`).toBe(row[role]);
  }
});
