/** The reference's four roles (the users table's check constraint lists the same). */
export type UserRole = 'proxy_admin' | 'proxy_admin_viewer' | 'internal_user' | 'internal_user_viewer';

/**
 * THE permission matrix, shared by the backend (which enforces it) and the dashboard (which hides what a
 * role cannot do). docs/permissions.md is its prose form; a test checks every row.
 * `all`: any object. `own`: only the caller's own objects, as the handler defines them (their user, their
 * keys, the teams they belong to, or, for team management, the teams they are an admin of). `none`: 403.
 */
export type Scope = 'all' | 'own' | 'none';

export const ACTIONS = [
  'key:create',
  'key:update',
  'key:delete',
  'key:regenerate',
  'key:block',
  'key:reset_spend',
  'key:read',
  'user:create',
  'user:update',
  'user:delete',
  'user:read',
  'user:list',
  'team:create',
  'team:update',
  'team:delete',
  'team:block',
  'team:members',
  'team:models',
  'team:logging',
  'team:read',
  'organization:write',
  'organization:read',
  'budget:write',
  'budget:read',
  'customer:write',
  'customer:read',
  'model:write',
  'model:read',
  'credential:write',
  'credential:read',
  'tag:write',
  'tag:read',
  'spend:read',
  'spend:global',
  'spend:reset',
  'audit:read',
  'config:read',
  'config:write',
  'logging:any_destination',
] as const;
export type Action = (typeof ACTIONS)[number];

type Row = readonly [admin: Scope, adminViewer: Scope, internalUser: Scope, internalUserViewer: Scope];

const ROWS: Record<Action, Row> = {
  'key:create': ['all', 'none', 'own', 'none'],
  'key:update': ['all', 'none', 'own', 'none'],
  'key:delete': ['all', 'none', 'own', 'none'],
  'key:regenerate': ['all', 'none', 'own', 'none'],
  'key:block': ['all', 'none', 'none', 'none'],
  // Setting a key's spend by hand: proxy admins, and a team's admins for the team's keys (never one's own personal key).
  'key:reset_spend': ['all', 'none', 'own', 'none'],
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
  // `own`: a team admin changes its team's list within its organization's or an admin's grant (libs/management/src/routes/team-model-rules.ts).
  'team:models': ['all', 'none', 'own', 'none'],
  // `own`: a team admin adds logging callbacks to its team (`/team/{team_id}/callback`) within the destination allow-list.
  'team:logging': ['all', 'none', 'own', 'none'],
  'team:read': ['all', 'all', 'own', 'own'],
  'organization:write': ['all', 'none', 'none', 'none'],
  'organization:read': ['all', 'all', 'none', 'none'],
  'budget:write': ['all', 'none', 'none', 'none'],
  'budget:read': ['all', 'all', 'none', 'none'],
  'customer:write': ['all', 'none', 'none', 'none'],
  'customer:read': ['all', 'all', 'none', 'none'],
  'model:write': ['all', 'none', 'none', 'none'],
  'model:read': ['all', 'all', 'all', 'all'],
  // Reusable provider credentials (`/credentials`): read masked by admins and admin viewers, written by admins only.
  'credential:write': ['all', 'none', 'none', 'none'],
  'credential:read': ['all', 'all', 'none', 'none'],
  // Managed tags (`/tag/*`): admins write them; `own` lists the tags of one's own calls (LiteLLM's scope for internal users).
  'tag:write': ['all', 'none', 'none', 'none'],
  'tag:read': ['all', 'all', 'own', 'own'],
  'spend:read': ['all', 'all', 'own', 'own'],
  'spend:global': ['all', 'all', 'none', 'none'],
  // Every key's and team's spend back to 0 (/global/spend/reset): proxy admins, and only with the master key itself.
  'spend:reset': ['all', 'none', 'none', 'none'],
  'audit:read': ['all', 'all', 'none', 'none'],
  // The proxy's settings changed through the API (`/config/update`): the router's, and what `/get/config/callbacks` shows.
  'config:read': ['all', 'all', 'none', 'none'],
  'config:write': ['all', 'none', 'none', 'none'],
  // Key and team logging callbacks (`metadata.logging`, `callback_settings`) off the destination allow-list; the
  // gateway trusts what such a caller wrote (logging-metadata.ts). Others stay within the list.
  'logging:any_destination': ['all', 'none', 'none', 'none'],
};

const ROLE_COLUMN: Record<UserRole, 0 | 1 | 2 | 3> = { proxy_admin: 0, proxy_admin_viewer: 1, internal_user: 2, internal_user_viewer: 3 };

export function scopeOf(role: UserRole, action: Action): Scope {
  return ROWS[action][ROLE_COLUMN[role]];
}

/** The matrix as a table, for docs and tests. */
export function permissionTable(): Array<{ action: Action } & Record<UserRole, Scope>> {
  return ACTIONS.map((action) => ({
    action,
    proxy_admin: scopeOf('proxy_admin', action),
    proxy_admin_viewer: scopeOf('proxy_admin_viewer', action),
    internal_user: scopeOf('internal_user', action),
    internal_user_viewer: scopeOf('internal_user_viewer', action),
  }));
}
