import type { z } from 'zod';
import { HttpError } from '@switchboard/service-kit';

/** Field names are echoed in messages; anything odd in a client-chosen name is replaced, never reflected. */
function safeName(value: PropertyKey): string {
  const text = String(value);
  return /^[A-Za-z0-9_.\-[\]]{1,64}$/.test(text) ? text : '(unprintable name)';
}

/** `root`: what an issue of the whole input is named by (`body`, or `query` for a query string). */
function describe(issue: z.ZodIssue, root: string): string {
  const where = issue.path.length > 0 ? issue.path.map(safeName).join('.') : root;
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.map(safeName).join(', ')}`;
  if (issue.code === 'invalid_type') return `${where}: expected ${issue.expected}, got ${issue.received}`;
  // zod's own enum message quotes the value received: name the choices instead.
  if (issue.code === 'invalid_enum_value') return `${where}: must be one of ${issue.options.map(String).join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** Parses request input at the edge; a failure is a 400 that names the fields and never echoes their values. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const root = what === 'query' ? 'query' : 'body';
  const issues = parsed.error.issues.slice(0, 5).map((issue) => describe(issue, root)).join('; ');
  const first = parsed.error.issues[0];
  throw new HttpError(400, `Invalid ${what}: ${issues}`, { param: first && first.path.length > 0 ? first.path.map(safeName).join('.') : null, code: 'invalid_request' });
}
