import { findKeyByHash, listKeys, updateKey, type Metadata, type Transaction, type UserRecord } from '@switchboard/db';
import type { Caller } from '../auth/caller.ts';
import type { Audit } from '../changes/apply-change.ts';
import { keyView } from '../views/entity-views.ts';
import { SCIM_USER_METADATA } from './scim-user-resource.ts';

/** The keys deactivation blocked, so reactivation unblocks those and leaves keys an admin blocked alone. */
const BLOCKED_KEYS = 'scim_blocked_keys';
const PAGE_SIZE = 500;

/**
 * Deactivation blocks each of the user's keys. Each block is an ordinary key update: its outbox event (and the
 * pub/sub message after commit) reaches every gateway's key cache, so the keys are refused at once.
 * Returns the user's metadata to store with the new state.
 */
export async function setScimUserActive(tx: Transaction, audit: Audit, caller: Caller, user: UserRecord, active: boolean): Promise<Metadata> {
  const wasActive = user.metadata[SCIM_USER_METADATA.active] !== false;
  const metadata: Metadata = { ...user.metadata, [SCIM_USER_METADATA.active]: active };
  if (wasActive === active) return metadata;
  if (!active) {
    const blocked: string[] = [];
    for (let page = 1; ; page++) {
      const keys = await listKeys(tx, { userId: user.id, page, pageSize: PAGE_SIZE });
      for (const key of keys.items.filter((candidate) => !candidate.blocked)) {
        const row = await updateKey(tx, key.hash, { blocked: true, updatedBy: caller.actor });
        await audit({ action: 'key.block', table: 'keys', objectId: key.hash, before: keyView(key), after: row ? keyView(row) : null, invalidates: { entityType: 'key', action: 'update' } });
        blocked.push(key.hash);
      }
      if (page * PAGE_SIZE >= keys.total) break;
    }
    return { ...metadata, [BLOCKED_KEYS]: blocked };
  }
  const toUnblock = Array.isArray(user.metadata[BLOCKED_KEYS]) ? (user.metadata[BLOCKED_KEYS] as unknown[]).filter((hash): hash is string => typeof hash === 'string') : [];
  for (const hash of toUnblock) {
    const key = await findKeyByHash(tx, hash);
    if (!key || !key.blocked || key.userId !== user.id) continue;
    const row = await updateKey(tx, hash, { blocked: false, updatedBy: caller.actor });
    await audit({ action: 'key.unblock', table: 'keys', objectId: hash, before: keyView(key), after: row ? keyView(row) : null, invalidates: { entityType: 'key', action: 'update' } });
  }
  const { [BLOCKED_KEYS]: _unblocked, ...rest } = metadata;
  return rest;
}
