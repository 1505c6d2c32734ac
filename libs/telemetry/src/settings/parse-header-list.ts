export interface ParsedHeaders {
  headers: Record<string, string>;
  /** Entries that are not `name=value` (reported as a warning, never with their value). */
  invalidEntries: number;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Headers from an environment variable: OTel's `name=value,name2=value2` (values percent-encoded), the
 * `name: value` form LiteLLM's generic logger also accepts, or a JSON object.
 */
export function parseHeaderList(text: string | undefined): ParsedHeaders {
  const headers: Record<string, string> = {};
  let invalidEntries = 0;
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return { headers, invalidEntries };
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [name, value] of Object.entries(parsed)) {
          if (HEADER_NAME.test(name) && (typeof value === 'string' || typeof value === 'number')) headers[name] = String(value);
          else invalidEntries += 1;
        }
        return { headers, invalidEntries };
      }
    } catch {
      // not JSON after all: read it as a list below
    }
  }
  for (const entry of trimmed.split(',')) {
    if (entry.trim() === '') continue;
    const equals = entry.indexOf('=');
    const colon = entry.indexOf(':');
    const at = equals === -1 ? colon : colon === -1 ? equals : Math.min(equals, colon);
    const name = at === -1 ? '' : decode(entry.slice(0, at).trim());
    if (!HEADER_NAME.test(name)) {
      invalidEntries += 1;
      continue;
    }
    headers[name] = decode(entry.slice(at + 1).trim());
  }
  return { headers, invalidEntries };
}
