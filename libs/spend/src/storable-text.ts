/**
 * What JSON.stringify writes for text PostgreSQL's text and jsonb cannot hold: U+0000 (`\u0000`) and a lone
 * surrogate (`\ud800`-`\udfff` escaped; a well-formed pair is written as it is).
 */
export const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f])/;

/**
 * A copy of a JSON value whose strings and keys PostgreSQL can store: U+0000 and lone surrogates become U+FFFD.
 * A spend row carrying either (in a prompt, a client's metadata, an upstream's id) would be refused whole.
 */
export function storableText(value: unknown): unknown {
  if (typeof value === 'string') return fixString(value);
  if (Array.isArray(value)) return value.map(storableText);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[fixString(key)] = storableText(inner);
  return copy;
}

const LONE_SURROGATE_OR_NUL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;
const fixString = (text: string) => text.replace(LONE_SURROGATE_OR_NUL, '\uFFFD');

/**
 * Text PostgreSQL cannot store in a typed spend line: U+0000 or a lone surrogate as they are (its text fields), or
 * as JSON.stringify escapes them (its metadata), in one pass over the line.
 */
export const UNSTORABLE_IN_TYPED_LINE = new RegExp(`${LONE_SURROGATE_OR_NUL.source}|${UNSTORABLE_ESCAPE.source}`);

/** Any surrogate, paired or not: a line without one cannot hold a lone one. */
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Whether a typed spend line holds text PostgreSQL cannot store (UNSTORABLE_IN_TYPED_LINE). Nearly every line holds
 * none of the three things the pattern looks for (a backslash-u, U+0000, a surrogate), and three plain searches
 * for them cost a seventh of the pattern's lookarounds over a row's 700 characters (issue #19: about 0.5 µs of
 * every spend row); the pattern decides only a line that has one.
 */
export function hasUnstorableText(line: string): boolean {
  if (line.indexOf('\\u') === -1 && line.indexOf('\u0000') === -1 && !ANY_SURROGATE.test(line)) return false;
  return UNSTORABLE_IN_TYPED_LINE.test(line);
}
