import { normalizePath, ownerOf } from '@switchboard/route-allowlist';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';

/** One `general_settings.pass_through_endpoints` entry, resolved: a custom route the gateway relays to `target`. */
export interface PassThroughEndpoint {
  /** The gateway path (canonical, no trailing slash). */
  path: string;
  /** An http(s) URL: the exact path is sent here; with `includeSubpath`, the rest of the path is appended. */
  target: string;
  /** Headers set on every forwarded request (`os.environ/NAME` resolved, also inside a value: `Bearer os.environ/KEY`). */
  headers: Readonly<Record<string, string>>;
  /** Forward the client's own headers too (the gateway key is still removed when the gateway checked it). */
  forwardHeaders: boolean;
  /** Serve `path/...` as well, appending the rest to the target (LiteLLM's default: false). */
  includeSubpath: boolean;
  /** Require a gateway key (LiteLLM's default: true). */
  auth: boolean;
  /** USD charged per request (LiteLLM's `cost_per_request`; default 0). */
  costPerRequest: number;
}

const bool = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((v) => v.toLowerCase() === 'true')]);
const ENTRY_KEYS = ['path', 'target', 'headers', 'forward_headers', 'include_subpath', 'auth', 'cost_per_request', 'id'];

const entrySchema = z
  .object({
    path: z.string({ required_error: 'path is required' }).min(1),
    target: z.string({ required_error: 'target is required' }).min(1),
    headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).nullish(),
    forward_headers: bool.nullish(),
    include_subpath: bool.nullish(),
    auth: bool.nullish(),
    cost_per_request: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().nonnegative()).nullish(),
  })
  .passthrough();

const EMBEDDED_ENV = /os\.environ\/([A-Za-z_][A-Za-z0-9_]*)/g;

/** LiteLLM resolves `os.environ/NAME` anywhere in a header value (`Authorization: "bearer os.environ/COHERE_API_KEY"`). */
function resolveHeaderValue(value: string, env: Readonly<Record<string, string | undefined>>, where: string): string {
  return value.replace(EMBEDDED_ENV, (_match, name: string) => {
    const resolved = env[name];
    if (resolved === undefined || resolved === '') throw new ConfigError(`${where}: environment variable ${name} is not set`);
    return resolved;
  });
}

function httpTarget(target: string, where: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ConfigError(`${where}.target: "${target}" is not a URL (an http:// or https:// URL is required)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${where}.target: only http:// and https:// targets are allowed, not ${url.protocol}`);
  if (url.username || url.password) throw new ConfigError(`${where}.target: credentials in the URL are not allowed; put them in headers`);
  return url.toString().replace(/\/$/, '');
}

function canonicalPath(path: string, where: string): string {
  const normalized = normalizePath(path);
  if (!normalized.ok || normalized.query !== '') throw new ConfigError(`${where}.path: "${path}" is not a valid route path${normalized.ok ? ' (no query allowed)' : `: ${normalized.reason}`}`);
  const trimmed = normalized.path.length > 1 ? normalized.path.replace(/\/$/, '') : normalized.path;
  if (trimmed === '/') throw new ConfigError(`${where}.path: "/" cannot be a pass-through route`);
  // Express reads `:`, `*`, `(`, `{` ... as pattern syntax: a route path is plain segments only.
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed)) throw new ConfigError(`${where}.path: "${path}" may hold only letters, digits and . _ ~ - between slashes`);
  return trimmed;
}

/**
 * `general_settings.pass_through_endpoints`: a bad entry (no path or target, a target that is not http(s))
 * stops startup with the entry named. An entry on a path a built-in route already serves (the route table
 * gives it to the gateway, the backend or the UI) is left out with a warning: the built-in wins, as in LiteLLM.
 */
export function parsePassThroughEndpoints(raw: unknown, env: Readonly<Record<string, string | undefined>>, warnings: string[]): PassThroughEndpoint[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ConfigError('general_settings.pass_through_endpoints: must be a list');
  const endpoints: PassThroughEndpoint[] = [];
  raw.forEach((item: unknown, i: number) => {
    const where = `general_settings.pass_through_endpoints[${i}]`;
    const parsed = entrySchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`${where}${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid entry'}`);
    }
    const entry = parsed.data;
    for (const key of Object.keys(entry)) if (!ENTRY_KEYS.includes(key)) warnings.push(`${where}.${key}: not supported, ignored`);
    const path = canonicalPath(entry.path, where);
    const target = httpTarget(entry.target, where);
    const builtIn = ownerOf(path);
    if (builtIn !== undefined) {
      warnings.push(`${where}.path: ${path} is already served by the ${builtIn}; the built-in route wins and this entry is ignored`);
      return;
    }
    if (endpoints.some((other) => other.path === path)) throw new ConfigError(`${where}.path: ${path} is listed twice`);
    const headers = Object.fromEntries(Object.entries(entry.headers ?? {}).map(([name, value]) => [name.toLowerCase(), resolveHeaderValue(value, env, `${where}.headers.${name}`)]));
    endpoints.push({
      path,
      target,
      headers,
      forwardHeaders: entry.forward_headers ?? false,
      includeSubpath: entry.include_subpath ?? false,
      auth: entry.auth ?? true,
      costPerRequest: entry.cost_per_request ?? 0,
    });
  });
  return endpoints;
}
