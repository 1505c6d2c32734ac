import type { Usage } from '@switchboard/providers';

/**
 * One stored answer: the body the client got (its wire's JSON, as a non-streamed answer), its usage, and what
 * it cost when it was made (a hit's spend row records that as the cost saved).
 */
export interface CachedAnswer {
  body: Record<string, unknown>;
  usage?: Usage;
  costNanoUsd: number;
  /** The region of the deployment that answered: a hit never crosses an end user's allowed_model_region. */
  region?: string;
  /** Epoch ms. */
  storedAt: number;
}

/** A stored answer as read back: checked for shape, since Redis or the database may hold anything. */
export function readCachedAnswer(value: unknown): CachedAnswer | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const entry = value as Partial<CachedAnswer>;
  if (!entry.body || typeof entry.body !== 'object' || Array.isArray(entry.body)) return undefined;
  if (typeof entry.costNanoUsd !== 'number' || typeof entry.storedAt !== 'number') return undefined;
  return entry as CachedAnswer;
}
