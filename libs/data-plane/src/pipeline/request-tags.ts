import type { Principal } from '@switchboard/contracts';

/** More than this many tags on one call are not read (a body is the client's to fill). */
const MAX_TAGS = 64;

/** Adds a list's tags to `into`, made on the first tag: most calls have none, and allocate nothing for them. */
function stringsOf(value: unknown, into: Set<string> | undefined): Set<string> | undefined {
  if (!Array.isArray(value)) return into;
  for (const tag of value) {
    if (typeof tag !== 'string' || tag === '') continue;
    into ??= new Set<string>();
    if (into.size < MAX_TAGS) into.add(tag);
  }
  return into;
}

function tagsIn(metadata: unknown, into: Set<string> | undefined): Set<string> | undefined {
  return metadata !== null && typeof metadata === 'object' ? stringsOf((metadata as Record<string, unknown>).tags, into) : into;
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * A call's tags, as LiteLLM gathers them: the body's `tags`, `metadata.tags` and `litellm_metadata.tags`, the key's
 * and its team's. Tag routing chooses deployments by them; the spend row keeps them (LiteLLM's `request_tags`).
 */
export function requestTagsOf(body: Record<string, unknown>, principal: Principal | undefined): readonly string[] {
  let tags = stringsOf(principal?.tags, undefined);
  tags = stringsOf(body.tags, tags);
  tags = tagsIn(body.metadata, tags);
  tags = tagsIn(body.litellm_metadata, tags);
  return tags === undefined ? NO_TAGS : [...tags];
}
