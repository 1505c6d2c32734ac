import { z } from 'zod';

/** Every free-text field is capped: a 1 MB alias is refused, not stored. */
export const MAX_TEXT = 256;
const MAX_LIST = 256;
const MAX_JSON_BYTES = 16_384;
/** Budgets above this are typos, not intentions (numeric(20,10) would hold them, but nobody means it). */
const MAX_DOLLARS = 1_000_000_000;
const MAX_LIMIT = 1_000_000_000;
const TEN_YEARS_SECONDS = 10 * 366 * 24 * 3600;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Control characters (NUL, escapes) have no business in names and ids. */
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

export const text = (max = MAX_TEXT) => z.string().max(max, `must be at most ${max} characters`).regex(PRINTABLE, 'must not contain control characters');
/** Ids and aliases: stored literally (SQL and HTML are just text to us), never executed nor rendered. */
export const name = () => text().min(1, 'must not be empty');
export const nameList = () => z.array(name()).max(MAX_LIST, `at most ${MAX_LIST} entries`);
/**
 * A query parameter naming several ids as LiteLLM's do (`?team_ids=a,b`): each once, blanks dropped, each a `name()`.
 * An empty list names nothing (the caller decides what that means).
 */
export const commaList = (max = 500) =>
  text(10_000)
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()).filter((id) => id !== ''))])
    .pipe(z.array(name()).max(max, `at most ${max} entries`));

/** "30s", "30m", "30h", "30d"; anything malformed or beyond ten years is refused. */
export function durationSeconds(value: string): number | undefined {
  const match = /^(\d{1,9})([smhd])$/.exec(value);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 && seconds <= TEN_YEARS_SECONDS ? seconds : undefined;
}
export const duration = () =>
  z.string().refine((value) => durationSeconds(value) !== undefined, 'must be a duration such as "30s", "30m", "30h" or "30d", at most 10 years');

/** Dollars as a JSON number (the reference's form) or a decimal string; stored as an exact decimal string. */
export const money = () =>
  z
    .union([z.number(), z.string().regex(/^\d{1,10}(\.\d{1,10})?$/, 'must be a decimal number such as "12.5"').transform(Number)])
    .pipe(z.number().finite().nonnegative('must not be negative').max(MAX_DOLLARS, `must be at most ${MAX_DOLLARS}`))
    .transform((value) => value.toFixed(10).replace(/\.?0+$/, '') || '0');

export const limit = () => z.number().int('must be a whole number').nonnegative('must not be negative').max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`);

/** Free-form JSON objects (metadata, model_info), bounded in size. */
export const jsonObject = () =>
  z.record(z.string().max(MAX_TEXT), z.unknown()).refine((value) => JSON.stringify(value).length <= MAX_JSON_BYTES, `must be at most ${MAX_JSON_BYTES} bytes of JSON`);
export const stringMap = () =>
  z.record(name(), name()).refine((value) => Object.keys(value).length <= MAX_LIST, `at most ${MAX_LIST} entries`);
export const moneyMap = () =>
  z.record(name(), money()).refine((value) => Object.keys(value).length <= MAX_LIST, `at most ${MAX_LIST} entries`);

/** The budget and limit fields the reference accepts on keys, users, teams, budgets and customers. */
export const budgetFields = {
  max_budget: money().nullable().optional(),
  soft_budget: money().nullable().optional(),
  budget_duration: duration().nullable().optional(),
  max_parallel_requests: limit().nullable().optional(),
  tpm_limit: limit().nullable().optional(),
  rpm_limit: limit().nullable().optional(),
  model_max_budget: moneyMap().nullable().optional(),
};

/** Query strings arrive as text: pages are parsed from it, bounded. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(500).default(50),
};

const nullIsNotGiven = (value: unknown) => (value === null ? undefined : value);

/**
 * A management request body. LiteLLM's rule, on every endpoint: an explicit `null` means the field has no
 * value. A field that can be empty (a budget, an alias, an expiry) takes null as "none" (on a change, that
 * clears it); any other optional field (lists, maps, flags) treats null as not given, so it keeps its default
 * on a new object and its value on a change. Unknown names are refused (400).
 */
export function requestObject<S extends z.ZodRawShape>(shape: S) {
  const lenient = Object.fromEntries(
    Object.entries(shape).map(([name, field]) => [name, field.isOptional() && !field.isNullable() ? z.preprocess(nullIsNotGiven, field) : field]),
  );
  return z.object(lenient as S).strict();
}

/** A query flag as FastAPI reads one (LiteLLM's clients send `true`, `True`, `1`, `yes`...). */
export const queryFlag = () =>
  z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']))
    .transform((value) => value === 'true' || value === '1' || value === 'yes' || value === 'on');

/**
 * `YYYY-MM-DD`, a day that exists: `Date.parse('2026-02-30')` rolls over to March 2nd, which PostgreSQL then refused
 * with a 500, so the day must read back as itself.
 */
const isRealDay = (value: string) => {
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
};
export const day = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2025-01-31').refine(isRealDay, 'must be a real date');
