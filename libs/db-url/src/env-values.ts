import { z } from 'zod';
import { DatabaseConfigError } from './database-config-error.ts';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

// The reference parses IAM_TOKEN_DB_AUTH as a pydantic bool, so its users may write any of these spellings.
const TRUE_WORDS = ['true', '1', 'yes', 'y', 'on', 't'] as const;
const FALSE_WORDS = ['false', '0', 'no', 'n', 'off', 'f'] as const;

const portSchema = z
  .string()
  .regex(/^\d{1,5}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(65535));

const sslModeSchema = z.enum(SSL_MODES);

const flagSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum([...TRUE_WORDS, ...FALSE_WORDS]))
  .transform((word) => (TRUE_WORDS as readonly string[]).includes(word));

/**
 * Where a value sits and whether the message may quote it. A port, sslmode or flag in its own variable is no
 * secret, so quoting it makes the fix obvious; a value cut from a URL is never quoted, because a mangled URL
 * can put a password anywhere (`inside` then reads e.g. "DATABASE_URL sslmode").
 */
function describeBad(variable: string, value: string, inside: string | undefined): { label: string; got: string } {
  return inside === undefined
    ? { label: variable, got: `, got ${JSON.stringify(value)}` }
    : { label: inside, got: '' };
}

export function parsePort(value: string, variable: string, inside?: string): number {
  const parsed = portSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { label, got } = describeBad(variable, value, inside);
  throw new DatabaseConfigError(variable, `${label} must be an integer from 1 to 65535${got}`);
}

export function parseSslMode(value: string, variable: string, inside?: string): SslMode {
  const parsed = sslModeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { label, got } = describeBad(variable, value, inside);
  throw new DatabaseConfigError(variable, `${label} must be one of ${SSL_MODES.join(', ')}${got}`);
}

export function parseFlag(value: string, variable: string): boolean {
  const parsed = flagSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A typo must not silently fall back to password auth: that fails later with a far less useful error.
  throw new DatabaseConfigError(
    variable,
    `${variable} must be true/false (also 1/0, yes/no, on/off), got ${JSON.stringify(value)}`,
  );
}
