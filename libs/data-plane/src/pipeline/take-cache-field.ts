/**
 * LiteLLM's per-request `cache` controls are the gateway's, never the provider's: taken off the body (an
 * upstream would refuse the unknown field) and returned for the cache stage to read.
 */
export function takeCacheField(body: Record<string, unknown>): unknown {
  if (!('cache' in body)) return undefined;
  const field = body.cache;
  delete body.cache;
  return field;
}
