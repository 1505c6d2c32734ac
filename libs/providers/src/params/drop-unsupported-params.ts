/**
 * The body without fields the upstream rejects. Each dropped field is reported through `warn`, so a
 * request that behaves differently from what the client asked for is never silent.
 */
export function dropUnsupportedParams(
  provider: string,
  body: Record<string, unknown>,
  unsupported: readonly string[],
  warn: ((warning: string) => void) | undefined,
): Record<string, unknown> {
  const present = unsupported.filter((param) => body[param] !== undefined);
  if (present.length === 0) return body;
  const kept = { ...body };
  for (const param of present) {
    delete kept[param];
    warn?.(`${provider} does not support '${param}'; it was dropped from the request`);
  }
  return kept;
}
