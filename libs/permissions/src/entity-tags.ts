/** The tags in a list-valued field (`tags`, `metadata.tags`): the non-empty strings, anything else ignored. */
export function tagListOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string' && tag !== '') : [];
}

/**
 * A key's tags, as everything that reads them reads them (the gateway's key context, the management API's checks):
 * its `tags` and the `tags` in its metadata, where LiteLLM keeps a key's tags; each once.
 */
export function keyTagsOf(tags: readonly string[] | null | undefined, metadata: Record<string, unknown> | null | undefined): string[] {
  return [...new Set([...(tags ?? []), ...tagListOf(metadata?.tags)])];
}
