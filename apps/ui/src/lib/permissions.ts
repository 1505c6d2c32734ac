import { ACTIONS, scopeOf as matrixScopeOf, type Action, type Scope } from '@switchboard/permissions';
import type { UserRole } from './api/types.ts';

/**
 * The backend's permission matrix (libs/permissions, prose in docs/permissions.md): the backend enforces
 * it; the dashboard uses the same table to hide what a role cannot do.
 */
export { ACTIONS, type Action, type Scope };

export const ROLE_LABELS: Record<UserRole, string> = {
  proxy_admin: 'Admin',
  proxy_admin_viewer: 'Admin viewer',
  internal_user: 'Internal user',
  internal_user_viewer: 'Internal user viewer',
};

const KNOWN_ROLES: readonly UserRole[] = ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'];

/** A missing or unknown role (no session yet, or a newer backend) may do nothing. */
export function scopeOf(role: UserRole | undefined, action: Action): Scope {
  return role !== undefined && KNOWN_ROLES.includes(role) ? matrixScopeOf(role, action) : 'none';
}

/** Whether the role may do the action on at least its own objects. */
export function can(role: UserRole | undefined, action: Action): boolean {
  return scopeOf(role, action) !== 'none';
}

/** Whether the role may do the action on anybody's objects. */
export function canOnAll(role: UserRole | undefined, action: Action): boolean {
  return scopeOf(role, action) === 'all';
}

function canManageTeam(action: Action, role: UserRole | undefined, teamRoleOfCaller: 'admin' | 'user' | undefined): boolean {
  const scope = scopeOf(role, action);
  return scope === 'all' || (scope === 'own' && teamRoleOfCaller === 'admin');
}

/** Team members: proxy admins manage every team; a team admin manages their own (scope `own`). */
export function canManageTeamMembers(role: UserRole | undefined, teamRoleOfCaller: 'admin' | 'user' | undefined): boolean {
  return canManageTeam('team:members', role, teamRoleOfCaller);
}

/** A team's models: proxy admins on every team; a team admin on their own, within what was granted (the backend checks). */
export function canManageTeamModels(role: UserRole | undefined, teamRoleOfCaller: 'admin' | 'user' | undefined): boolean {
  return canManageTeam('team:models', role, teamRoleOfCaller);
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
  { href: '/credentials/', label: 'Credentials', needs: 'credential:read' },
  { href: '/usage/', label: 'Usage', needs: 'spend:read' },
  { href: '/logs/', label: 'Logs', needs: 'spend:read' },
  { href: '/teams/', label: 'Teams', needs: 'team:read' },
  { href: '/users/', label: 'Internal Users', needs: 'user:list' },
  { href: '/organizations/', label: 'Organizations', needs: 'organization:read' },
  { href: '/budgets/', label: 'Budgets', needs: 'budget:read' },
  { href: '/tags/', label: 'Tags', needs: 'tag:read' },
  { href: '/audit/', label: 'Audit Log', needs: 'audit:read' },
  { href: '/settings/', label: 'Settings', needs: 'model:read' },
];

export function navItemsFor(role: UserRole | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.needs));
}
