import type { Principal } from '@switchboard/contracts';
import type { FileScope } from './file-store.ts';

/**
 * Whose files a caller reaches, the one rule every files route applies: the master key and proxy admins' keys
 * all; a team's key its team's (whichever of the team's keys uploaded them); a personal key its user's; a key
 * with neither, its own. The same rule decides the owner a new file is stored under.
 */
export function fileScopeOf(principal: Principal | undefined): FileScope {
  if (!principal || principal.kind === 'master' || principal.kind === 'anonymous' || principal.userRole === 'proxy_admin') return 'all';
  if (principal.teamId !== undefined) return { teamId: principal.teamId };
  if (principal.userId !== undefined) return { userId: principal.userId };
  return { keyHash: principal.keyHash ?? '' };
}

/** The owner columns a caller's upload is stored with (all of them: a team's file still records who uploaded it). */
export function fileOwnerOf(principal: Principal | undefined): { keyHash?: string; userId?: string; teamId?: string } {
  if (!principal || principal.kind !== 'virtual_key') return {};
  return { ...(principal.keyHash !== undefined ? { keyHash: principal.keyHash } : {}), ...(principal.userId !== undefined ? { userId: principal.userId } : {}), ...(principal.teamId !== undefined ? { teamId: principal.teamId } : {}) };
}
