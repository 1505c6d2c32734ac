import type { CacheSettings } from '@switchboard/config';
import type { Principal } from '@switchboard/contracts';

/**
 * Whose cached answers a caller may receive. `team`: its team's, and a key without a team is its own scope;
 * `key`: its key's (a regenerated key shares its successor's); `global`: everyone's. The master key is a
 * scope of its own unless the scope is global.
 */
export function cacheScopeOf(principal: Principal | undefined, scope: CacheSettings['scope']): string {
  if (scope === 'global') return 'global';
  if (!principal || principal.kind === 'anonymous') return 'anonymous';
  if (principal.kind === 'master') return 'master';
  if (scope === 'team' && principal.teamId) return `team:${principal.teamId}`;
  return `key:${principal.budgetKeyHash ?? principal.keyHash ?? 'unknown'}`;
}
