import { headOf, tailOf } from '@switchboard/contracts';
/** What `store_prompts_in_spend_logs` keeps of a request and its answer. */
export interface StoredPayloadLimits {
  /** Strings longer than this keep their start and end (LiteLLM's MAX_STRING_LENGTH_PROMPT_IN_DB). */
  maxStringLength: number;
}

/** Arrays longer than this keep their first items (an embedding's vector, a long history): a spend row is no archive. */
const MAX_ITEMS = 1_000;
/** Deeper values are left out: request bodies are checked to this depth already (inspect-body.ts), answers are not. */
const MAX_DEPTH = 64;

/** Its two ends around a note of the cut; never half a surrogate pair at either end (headOf, tailOf). */
function cutString(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = headOf(text, Math.ceil(max / 2));
  const tail = tailOf(text, max - Math.ceil(max / 2));
  const cut = text.length - head.length - tail.length;
  return `${head}… (${cut} character${cut === 1 ? '' : 's'} cut) …${tail}`;
}

/**
 * A copy of a request or answer body as a spend row keeps it: strings past the limit cut in the middle, arrays past
 * MAX_ITEMS cut with a last item saying how many were left out, nothing deeper than MAX_DEPTH, and every string and
 * key put through `mask` (the deployment's credentials, as everywhere its answers reach). Plain JSON values only (the bodies
 * were parsed from JSON, or are about to be written as JSON).
 */
export function storedPayload(value: unknown, limits: StoredPayloadLimits, mask: (text: string) => string, depth = 0): unknown {
  // Masked before it is cut: a cut through a secret would leave both halves where the mask cannot find them.
  if (typeof value === 'string') return cutString(mask(value), limits.maxStringLength);
  if (value === null || typeof value !== 'object') return typeof value === 'number' || typeof value === 'boolean' ? value : null;
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((item) => storedPayload(item, limits, mask, depth + 1));
    if (value.length > MAX_ITEMS) kept.push(`… (${value.length - MAX_ITEMS} more items cut)`);
    return kept;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[mask(key)] = storedPayload(item, limits, mask, depth + 1);
  return copy;
}
