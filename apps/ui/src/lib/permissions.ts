import type { UserRole } from './api/types.ts';

/**
 * The backend's permission matrix (libs/management/src/permissions/permission-matrix.ts, prose in
 * docs/permissions.md), copied because the UI may import shared types only, never server code.
 * e2e/tests/permission-parity.spec.ts fails when the two differ. The backend enforces it; the dashboard
 * uses it to hide what a role cannot do.
 */
export type Scope = 'all' | 'own' | 'none';

type Row = readonly [admin: Scope, adminViewer: Scope, internalUser: Scope, internalUserViewer: Scope];

export const PERMISSION_ROWS = {
  'key:create': ['all', 'none', 'own', 'none'],
  'key:update': ['all', 'none', 'own', 'none'],
  'key:delete': ['all', 'none', 'own', 'none'],
  'key:regenerate': ['all', 'none', 'own', 'none'],
  'key:block': ['all', 'none', 'none', 'none'],
  'key:read': ['all', 'all', 'own', 'own'],
  'user:create': ['all', 'none', 'none', 'none'],
  'user:update': ['all', 'none', 'own', 'none'],
  'user:delete': ['all', 'none', 'none', 'none'],
  'user:read': ['all', 'all', 'own', 'own'],
  'user:list': ['all', 'all', 'none', 'none'],
  'team:create': ['all', 'none', 'none', 'none'],
  'team:update': ['all', 'none', 'none', 'none'],
  'team:delete': ['all', 'none', 'none', 'none'],
  'team:block': ['all', 'none', 'none', 'none'],
  'team:members': ['all', 'none', 'own', 'none'],
  'team:read': ['all', 'all', 'own', 'own'],
  'organization:write': ['all', 'none', 'none', 'none'],
  'organization:read': ['all', 'all', 'none', 'none'],
  'budget:write': ['all', 'none', 'none', 'none'],
  'budget:read': ['all', 'all', 'none', 'none'],
  'customer:write': ['all', 'none', 'none', 'none'],
  'customer:read': ['all', 'all', 'none', 'none'],
  'model:write': ['all', 'none', 'none', 'none'],
  'model:read': ['all', 'all', 'all', 'all'],
  'spend:read': ['all', 'all', 'own', 'own'],
  'spend:global': ['all', 'all', 'none', 'none'],
  'audit:read': ['all', 'all', 'none', 'none'],
} as const satisfies Record<string, Row>;

export type Action = keyof typeof PERMISSION_ROWS;
export const ACTIONS = Object.keys(PERMISSION_ROWS) as Action[];

const ROLE_COLUMN: Record<UserRole, 0 | 1 | 2 | 3> = { proxy_admin: 0, proxy_admin_viewer: 1, internal_user: 2, internal_user_viewer: 3 };

export const ROLE_LABELS: Record<UserRole, string> = {
  proxy_admin: 'Admin',
  proxy_admin_viewer: 'Admin viewer',
  internal_user: 'Internal user',
  internal_user_viewer: 'Internal user viewer',
};

export function scopeOf(role: UserRole | undefined, action: Action): Scope {
  if (role === undefined || !(role in ROLE_COLUMN)) return 'none';
  return PERMISSION_ROWS[action][ROLE_COLUMN[role]];
}

/** Whether the role may do the action on at least its own objects. */
export function can(role: UserRole | undefined, action: Action): boolean {
  return scopeOf(role, action) !== 'none';
}

/** Whether the role may do the action on anybody's objects. */
export function canOnAll(role: UserRole | undefined, action: Action): boolean {
  return scopeOf(role, action) === 'all';
}

/** Team members: proxy admins manage every team; a team admin manages their own (scope `own`). */
export function canManageTeamMembers(role: UserRole | undefined, teamRoleOfCaller: 'admin' | 'user' | undefined): boolean {
  const scope = scopeOf(role, 'team:members');
  return scope === 'all' || (scope === 'own' && teamRoleOfCaller === 'admin');
}

export interface NavItem {
  href: string;
  label: string;
  /** The action a role needs for the page to be useful; the page says so when it is missing. */
  needs: Action;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Dashboard', needs: 'model:read' },
  { href: '/keys/', label: 'Virtual Keys', needs: 'key:read' },
  { href: '/playground/', label: 'Playground', needs: 'model:read' },
  { href: '/models/', label: 'Models', needs: 'model:read' },
  { href: '/usage/', label: 'Usage', needs: 'spend:read' },
  { href: '/logs/', label: 'Logs', needs: 'spend:read' },
  { href: '/teams/', label: 'Teams', needs: 'team:read' },
  { href: '/users/', label: 'Internal Users', needs: 'user:list' },
  { href: '/organizations/', label: 'Organizations', needs: 'organization:read' },
  { href: '/budgets/', label: 'Budgets', needs: 'budget:read' },
  { href: '/audit/', label: 'Audit Log', needs: 'audit:read' },
  { href: '/settings/', label: 'Settings', needs: 'model:read' },
];

export function navItemsFor(role: UserRole | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.needs));
}
