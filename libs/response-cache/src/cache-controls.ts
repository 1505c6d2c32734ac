import { HttpError } from '@switchboard/service-kit';

/** What one request asks of the cache (LiteLLM's `cache` body field, and Cache-Control). */
export interface CacheControls {
  /** Do not answer from the cache (the answer may still be stored). */
  noCache: boolean;
  /** Do not store this answer. */
  noStore: boolean;
  /** `default_off` mode: this request opts in. */
  useCache: boolean;
  /** The entry's lifetime in seconds, instead of the configured ttl. */
  ttlSeconds?: number;
  /** Only entries at most this old (seconds) may answer (`s-maxage`). */
  maxAgeSeconds?: number;
  namespace?: string;
}

const bad = (field: string, expected: string) => new HttpError(400, `cache.${field} must be ${expected}`, { code: 'invalid_cache_control', param: `cache.${field}` });

function flag(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw bad(field, 'a boolean');
  return value;
}

/** A year: no entry lives longer (Redis refuses expiries past its range, and nothing needs more). */
const MAX_SECONDS = 365 * 24 * 3600;

function seconds(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SECONDS) throw bad(field, `a number of seconds from 0 to ${MAX_SECONDS}`);
  return value;
}

const KNOWN = new Set(['no-cache', 'no-store', 'use-cache', 'ttl', 's-maxage', 'namespace']);

/**
 * Reads the body's `cache` object and the Cache-Control header. A wrong type is a 400 naming the field; an
 * unknown control too (a typo would otherwise be silently ignored).
 */
export function readCacheControls(cache: unknown, cacheControlHeader: string | undefined): CacheControls {
  const directives = new Set((cacheControlHeader ?? '').toLowerCase().split(',').map((part) => part.trim()).filter(Boolean));
  const controls: CacheControls = { noCache: directives.has('no-cache'), noStore: directives.has('no-store'), useCache: false };
  if (cache === undefined || cache === null) return controls;
  if (typeof cache !== 'object' || Array.isArray(cache)) throw new HttpError(400, 'cache must be an object, e.g. {"no-cache": true}', { code: 'invalid_cache_control', param: 'cache' });
  const fields = cache as Record<string, unknown>;
  for (const field of Object.keys(fields)) if (!KNOWN.has(field)) throw bad(field, `one of ${[...KNOWN].join(', ')} (unknown control)`);
  controls.noCache ||= flag(fields['no-cache'], 'no-cache');
  controls.noStore ||= flag(fields['no-store'], 'no-store');
  controls.useCache = flag(fields['use-cache'], 'use-cache');
  const ttl = seconds(fields.ttl, 'ttl');
  if (ttl !== undefined) controls.ttlSeconds = ttl;
  const maxAge = seconds(fields['s-maxage'], 's-maxage');
  if (maxAge !== undefined) controls.maxAgeSeconds = maxAge;
  if (fields.namespace !== undefined && fields.namespace !== null) {
    if (typeof fields.namespace !== 'string' || fields.namespace === '' || fields.namespace.length > 200) throw bad('namespace', 'a non-empty string of at most 200 characters');
    controls.namespace = fields.namespace;
  }
  return controls;
}
