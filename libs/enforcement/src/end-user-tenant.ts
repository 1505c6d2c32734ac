import { scopeIdOf, type Principal, type ScopeOwner } from '@switchboard/contracts';
import type { EndUserTenant } from '@switchboard/db';

/**
 * The namespace a request's `user` field is read in: the key's team, else its organization, else the user
 * who owns it, else the key itself (the master key is a key). A rotated key in its grace period is its
 * successor. An unauthenticated gateway (no master key) is one namespace.
 */
export function endUserTenantOf(principal: Principal | undefined): EndUserTenant {
  if (principal?.teamId) return { kind: 'team', id: principal.teamId };
  if (principal?.organizationId) return { kind: 'organization', id: principal.organizationId };
  if (principal?.userId) return { kind: 'user', id: principal.userId };
  return { kind: 'key', id: principal?.budgetKeyHash ?? principal?.keyHash ?? 'anonymous' };
}

/**
 * The end user within its tenant, `<id>@<tenant kind>/<tenant id>`: one counter per end user per tenant. The
 * tenant id is URI-encoded, so it holds no `@`, `/` or `:` and no pair of (end user, tenant) can spell another's.
 */
export function endUserOwner(endUser: string, tenant: EndUserTenant): ScopeOwner {
  return { entity: 'end_user', id: `${endUser}@${tenant.kind}/${encodeURIComponent(tenant.id)}` };
}

export function endUserScopeId(endUser: string, tenant: EndUserTenant): string {
  return scopeIdOf(endUserOwner(endUser, tenant));
}
