import { findKeyByHash, type Database, type KeyRecord } from '@switchboard/db';

/** A key regenerated again within the grace period links on; more hops than this are not followed. */
const MAX_ROTATION_HOPS = 4;

const metadataHash = (key: KeyRecord, field: 'rotated_to' | 'rotated_from') => {
  const value = key.metadata[field];
  return typeof value === 'string' ? value : undefined;
};

export interface RotationSuccessor {
  /** The live key at the end of the rotation chain: its limits and budget are the ones the old key counts against. */
  key: KeyRecord;
  /** Every successor's hash along the chain: a change to any of them must drop the old key's cached context. */
  chain: string[];
}

/**
 * For a key `/key/regenerate` retired with a grace period, the key it was rotated to. The link must go both
 * ways (`metadata.rotated_to` on the old row, `metadata.rotated_from` on the new one, both written by
 * regenerate): metadata is writable through `/key/update`, so a one-way link set by a key's holder would
 * let that key count against (and exhaust) a key it does not manage. Undefined when there is no valid link.
 */
export async function findRotationSuccessor(db: Database, key: KeyRecord): Promise<RotationSuccessor | undefined> {
  const chain: string[] = [];
  const seen = new Set([key.hash]);
  let current = key;
  for (let hop = 0; hop < MAX_ROTATION_HOPS; hop++) {
    const next = metadataHash(current, 'rotated_to');
    if (next === undefined || seen.has(next)) break;
    seen.add(next);
    const successor = await findKeyByHash(db, next);
    if (!successor || metadataHash(successor, 'rotated_from') !== current.hash) break;
    chain.push(next);
    current = successor;
  }
  return chain.length > 0 ? { key: current, chain } : undefined;
}
