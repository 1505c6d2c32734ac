import type { Principal } from '@switchboard/contracts';

/** More than this many tags on one call are not read (a body is the client's to fill). */
const MAX_TAGS = 64;

function stringsOf(value: unknown, into: Set<string>): void {
  if (!Array.isArray(value)) return;
  for (const tag of value) if (typeof tag === 'string' && tag !== '' && into.size < MAX_TAGS) into.add(tag);
}

function tagsIn(metadata: unknown, into: Set<string>): void {
  if (metadata !== null && typeof metadata === 'object') stringsOf((metadata as Record<string, unknown>).tags, into);
}

/**
 * The tags a call routes by, as LiteLLM gathers them: the body's `tags`, `metadata.tags` and
 * `litellm_metadata.tags`, the key's and its team's. Read only when tag routing is on.
 */
export function requestTagsOf(body: Record<string, unknown>, principal: Principal | undefined): string[] {
  const tags = new Set<string>();
  stringsOf(principal?.tags, tags);
  stringsOf(body.tags, tags);
  tagsIn(body.metadata, tags);
  tagsIn(body.litellm_metadata, tags);
  return [...tags];
}
