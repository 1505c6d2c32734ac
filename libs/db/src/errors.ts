/** The PostgreSQL error fields callers act on, wherever drizzle wrapped them (DrizzleQueryError.cause). */
interface PgErrorFields {
  code?: string;
  constraint?: string;
}

function pgErrorOf(err: unknown): PgErrorFields | undefined {
  for (let current: unknown = err, depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && 'code' in current && typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) {
      return current as PgErrorFields;
    }
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** The name of the unique constraint a write broke (e.g. `keys_alias_key`), or undefined. */
export function uniqueViolation(err: unknown): string | undefined {
  const pg = pgErrorOf(err);
  return pg?.code === '23505' ? (pg.constraint ?? 'unique') : undefined;
}

/** The name of the foreign key a write or delete broke (e.g. a team that still has keys), or undefined. */
export function foreignKeyViolation(err: unknown): string | undefined {
  const pg = pgErrorOf(err);
  return pg?.code === '23503' ? (pg.constraint ?? 'foreign key') : undefined;
}

/** The SQLSTATE of a database error, for logs and readiness details; never the query or its parameters. */
export function sqlStateOf(err: unknown): string | undefined {
  return pgErrorOf(err)?.code;
}

/**
 * Whether the database refused the data itself (SQLSTATE class 22, data exception: e.g. a `\u0000` in JSON; class
 * 54, program limit exceeded: e.g. a value nested too deep), so the same rows can never be stored, as against an
 * outage or a conflict, where a retry may succeed.
 */
export function isDataRefusal(err: unknown): boolean {
  const code = pgErrorOf(err)?.code;
  return code !== undefined && (code.startsWith('22') || code.startsWith('54'));
}

/**
 * A database error for a log line: the SQLSTATE and the server's own message, never drizzle's wrapper, whose
 * message holds the query and every parameter (a failed spend batch's would be megabytes of rows).
 */
export function databaseErrorSummary(err: unknown): { sqlState?: string; message: string } {
  const pg = pgErrorOf(err) as (PgErrorFields & { message?: unknown }) | undefined;
  const message = typeof pg?.message === 'string' ? pg.message : err instanceof Error ? err.message : String(err);
  return { ...(pg?.code ? { sqlState: pg.code } : {}), message: message.length > 300 ? `${message.slice(0, 300)}…` : message };
}

/** Neither `DATABASE_URL` nor `DATABASE_HOST` is set. */
export class DatabaseNotConfiguredError extends Error {
  constructor() {
    super(
      'no database configured: set DATABASE_URL, or DATABASE_HOST with DATABASE_USER and DATABASE_NAME (`npm start` provides an embedded one)',
    );
    this.name = 'DatabaseNotConfiguredError';
  }
}
