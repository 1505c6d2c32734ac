import type { UserRole } from '@switchboard/permissions';
import type { ServiceApp } from '@switchboard/service-kit';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';

/** What each role may do, in a line, and the name a dashboard shows for it (docs/permissions.md is the full table). */
const ROLES: Readonly<Record<UserRole, { description: string; ui_label: string }>> = {
  proxy_admin: { description: 'Manages everything: models, keys, users, teams, organizations, budgets and spend', ui_label: 'Admin' },
  proxy_admin_viewer: { description: 'Reads everything an admin can, and changes nothing', ui_label: 'Admin viewer' },
  internal_user: { description: 'Makes and manages their own keys, and reads their own spend and teams', ui_label: 'Internal user' },
  internal_user_viewer: { description: 'Reads their own keys, spend and teams, and makes no keys', ui_label: 'Internal viewer' },
};

/** LiteLLM's `/user/available_roles`: the roles a user may be given, keyed by role, as its dashboard lists them. */
export function mountUserRolesRoute(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/user/available_roles'],
    summary: 'The roles a user may be given: {<role>: {description, ui_label}}',
    async handler({ caller }) {
      authorize(caller, 'user:read');
      return ROLES;
    },
  });
}
