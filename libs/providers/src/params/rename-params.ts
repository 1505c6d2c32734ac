/** One request field and the upstream field it becomes: a row of an adapter's rename table. */
export interface ParamRename {
  /** The request field; with several, the first one present is read (`max_completion_tokens` before `max_tokens`). */
  from: string | readonly string[];
  /** The upstream field. */
  to: string;
  /**
   * Reshapes the value (a single `stop` string into a list). Returning undefined means the value
   * cannot be sent: it is dropped with a warning, never silently.
   */
  transform?: (value: unknown) => unknown;
}

function firstPresent(body: Record<string, unknown>, from: ParamRename['from']): string | undefined {
  const names: readonly string[] = typeof from === 'string' ? [from] : from;
  return names.find((name) => body[name] !== undefined && body[name] !== null);
}

/**
 * The upstream fields a rename table makes from a request body (already checked at the edge and by the
 * adapter's request schema). Absent and null fields are skipped; anything with logic beyond a rename
 * and a reshape (defaults, clamps, fields built from several others) stays a named function in the adapter.
 */
export function renameParams(
  provider: string,
  body: Record<string, unknown>,
  table: readonly ParamRename[],
  warn: ((warning: string) => void) | undefined,
): Record<string, unknown> {
  const renamed: Record<string, unknown> = {};
  for (const row of table) {
    const name = firstPresent(body, row.from);
    if (name === undefined) continue;
    const value = row.transform ? row.transform(body[name]) : body[name];
    if (value === undefined) {
      warn?.(`${provider} cannot take '${name}' as sent; it was dropped from the request`);
      continue;
    }
    renamed[row.to] = value;
  }
  return renamed;
}
