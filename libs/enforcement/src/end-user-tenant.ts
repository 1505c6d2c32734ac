import type { Principal } from '@switchboard/data-plane';
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
 * `end_user:<id>@<tenant kind>/<tenant id>`: one counter per end user per tenant. The tenant id is
 * URI-encoded, so it holds no `@`, `/` or `:` and no pair of (end user, tenant) can spell another's id.
 */
export function endUserScopeId(endUser: string, tenant: EndUserTenant): string {
  return `end_user:${endUser}@${tenant.kind}/${encodeURIComponent(tenant.id)}`;
}
