import type { Usage } from '@switchboard/providers';

/**
 * One stored answer: the JSON text the client got (its wire's body, as a non-streamed answer: kept as text, so
 * storing and answering a hit need no serialization), its id, its usage, and what it cost when it was made (a
 * hit's spend row records that as the cost saved).
 */
export interface CachedAnswer {
  bodyText: string;
  /** The answer's `id` (`chatcmpl-...`, `msg_...`), for the spend row's response id. */
  id?: string;
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
  if (typeof entry.bodyText !== 'string' || !entry.bodyText.startsWith('{')) return undefined;
  if (typeof entry.costNanoUsd !== 'number' || typeof entry.storedAt !== 'number') return undefined;
  return entry as CachedAnswer;
}

/** The stored body as an object (to replay it as a stream). */
export function cachedBody(answer: CachedAnswer): Record<string, unknown> {
  return JSON.parse(answer.bodyText) as Record<string, unknown>;
}
