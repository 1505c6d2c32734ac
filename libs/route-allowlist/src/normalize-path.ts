/**
 * One normalizer for auth and routing: both must see the same path, so every service rewrites the request
 * to the canonical form this returns (or refuses it) before any auth or route matching runs.
 *
 * Canonical means: no query, every percent-escape of an unreserved character decoded, no escaped `/`, `\`,
 * `;`, `.` segment or control byte, no empty segment (`//`), no path parameters (`;`). Case is kept as is:
 * routing is case-sensitive, so `/V2/KEY/info` simply matches nothing.
 */
export type NormalizedPath = { ok: true; path: string; query: string } | { ok: false; reason: string };

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const MAX_PATH_LENGTH = 2048;

export function normalizePath(rawUrl: string): NormalizedPath {
  if (rawUrl.length > MAX_PATH_LENGTH) return { ok: false, reason: 'path too long' };
  const queryAt = rawUrl.search(/[?#]/);
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt === -1 || rawUrl[queryAt] === '#' ? '' : rawUrl.slice(queryAt);
  if (!rawPath.startsWith('/')) return { ok: false, reason: 'path must start with /' };
  if (rawPath.includes('\\')) return { ok: false, reason: 'backslash in path' };
  if (rawPath.includes(';')) return { ok: false, reason: 'path parameters (;) are not accepted' };

  let decoded = '';
  for (let i = 0; i < rawPath.length; i++) {
    const ch = rawPath[i] as string;
    if (ch === '%') {
      const hex = rawPath.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false, reason: 'malformed percent-escape' };
      const char = String.fromCharCode(parseInt(hex, 16));
      if (!UNRESERVED.test(char)) {
        // Encoded separators (%2F, %5C, %3B) and control bytes would let one layer see a different path.
        if (/[/\\;\x00-\x1f\x7f]/.test(char)) return { ok: false, reason: 'encoded separator or control byte in path' };
        decoded += `%${hex.toUpperCase()}`;
      } else {
        decoded += char;
      }
      i += 2;
      continue;
    }
    if (/[\x00-\x20\x7f]/.test(ch)) return { ok: false, reason: 'control character or space in path' };
    decoded += ch;
  }

  const segments = decoded.split('/').slice(1);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const isLast = i === segments.length - 1;
    if (segment === '' && !isLast) return { ok: false, reason: 'empty path segment (//)' };
    if (segment === '.' || segment === '..') return { ok: false, reason: 'dot segment in path' };
  }
  return { ok: true, path: decoded, query };
}
