import { listTagLimits, type Database, type KeyRecord } from '@switchboard/db';
import { keyTagsOf } from '@switchboard/permissions';
import { forbidden } from '../permissions/authorize.ts';

/**
 * A managed tag with a budget or limits holds every call of a key that carries it (libs/enforcement/src/tag-limits.ts):
 * taking it off would lift them, which only an admin may do. So a non-admin's change to a key may add tags, and drop
 * tags that limit nothing, but not drop a limited one. 403 names it.
 */
export async function assertLimitedTagsStay(db: Database, key: Pick<KeyRecord, 'tags' | 'metadata'>, change: { tags?: readonly string[] | null; metadata?: Record<string, unknown> | null }): Promise<void> {
  const before = new Set(keyTagsOf(key.tags, key.metadata));
  if (before.size === 0) return;
  const after = new Set(keyTagsOf(change.tags !== undefined ? change.tags : key.tags, change.metadata !== undefined ? change.metadata : key.metadata));
  const removed = [...before].filter((tag) => !after.has(tag));
  if (removed.length === 0) return;
  const limited = new Set((await listTagLimits(db)).map((row) => row.name));
  const held = removed.find((tag) => limited.has(tag));
  if (held) throw forbidden(`Tag ${held} holds this key to its budget or limits: only admins take it off`);
}
