import { DatabaseConfigError } from './database-config-error.ts';
import { parsePort, parseSslMode, type SslMode } from './env-values.ts';
import { checkSchemaName } from './schema-name.ts';

/** What a pre-set Postgres URL says, decoded; only the fields this lib can carry into a pool config. */
export interface ParsedDatabaseUrl {
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
  readonly schema?: string;
  readonly sslMode?: SslMode;
  readonly sslRootCert?: string;
  readonly ssl?: boolean;
  readonly applicationName?: string;
  readonly options?: string;
  /** Query parameter names (never values) node-postgres has no use for, e.g. Prisma's `connection_limit`. */
  readonly ignoredParameters: readonly string[];
}

const POSTGRES_SCHEMES = new Set(['postgres', 'postgresql']);
// `sqlite:./dev.db` and `file:./dev.db` have no `//`; other schemes are only trusted before `://`, so a
// scheme-less `user:password@host` is never mistaken for a scheme and echoed.
const SCHEME_WITH_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const SCHEME_WITHOUT_AUTHORITY = /^(sqlite|file):/i;
// libpq accepts `postgresql://user@/db?host=/socket/dir`, which WHATWG URL parsing refuses.
const EMPTY_HOST_PLACEHOLDER = 'db-url.invalid';

function assertPostgresScheme(url: string, variable: string): void {
  const scheme = (SCHEME_WITH_AUTHORITY.exec(url) ?? SCHEME_WITHOUT_AUTHORITY.exec(url))?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new DatabaseConfigError(variable, `${variable} is not a database URL; expected postgresql://...`);
  }
  if (!POSTGRES_SCHEMES.has(scheme)) {
    throw new DatabaseConfigError(
      variable,
      `${variable} uses the "${scheme}" scheme; Switchboard needs PostgreSQL (postgres:// or postgresql://)`,
    );
  }
}

/**
 * Throws a {@link DatabaseConfigError} naming `variable` for a non-Postgres scheme or an unparseable URL.
 * Neither the URL nor the parser's own error is ever attached: both would carry the credentials.
 */
export function parseDatabaseUrl(url: string, variable: string): ParsedDatabaseUrl {
  assertPostgresScheme(url, variable);
  const parsed = parseUrl(url, variable);
  const query = queryParameters(parsed.url.search, variable);
  const inside = (parameter: string): string => `${variable} ${parameter}`;

  const schema = query.get('schema');
  const sslMode = query.get('sslmode');
  const ssl = query.get('ssl');
  return {
    host: nonEmpty(query.get('host') ?? (parsed.emptyHost ? '' : bareHost(parsed.url.hostname, variable))),
    port: portOf(query.get('port') ?? parsed.url.port, variable),
    user: nonEmpty(query.get('user') ?? decode(parsed.url.username, variable)),
    password: nonEmpty(query.get('password') ?? decode(parsed.url.password, variable)),
    database: nonEmpty(decode(parsed.url.pathname.slice(1), variable)),
    schema: schema === undefined ? undefined : checkSchemaName(schema, variable, inside('schema')),
    sslMode: sslMode === undefined ? undefined : parseSslMode(sslMode, variable, inside('sslmode')),
    sslRootCert: nonEmpty(query.get('sslrootcert')),
    ssl: ssl === undefined ? undefined : sslFlag(ssl, variable),
    applicationName: nonEmpty(query.get('application_name')),
    options: nonEmpty(query.get('options')),
    ignoredParameters: [...query.keys()].filter((key) => !KNOWN_PARAMETERS.has(key)),
  };
}

const KNOWN_PARAMETERS = new Set([
  'host',
  'port',
  'user',
  'password',
  'schema',
  'sslmode',
  'sslrootcert',
  'ssl',
  'application_name',
  'options',
]);

function parseUrl(url: string, variable: string): { url: URL; emptyHost: boolean } {
  try {
    return { url: new URL(url), emptyHost: false };
  } catch {
    // Fall through: the error itself is dropped because its `input` holds the credentials.
  }
  if (url.includes('@/')) {
    try {
      return { url: new URL(url.replace('@/', `@${EMPTY_HOST_PLACEHOLDER}/`)), emptyHost: true };
    } catch {
      // Reported below without the parser's error, for the same reason.
    }
  }
  throw new DatabaseConfigError(variable, `${variable} is not a valid URL`);
}

function queryParameters(search: string, variable: string): Map<string, string> {
  const parameters = new Map<string, string>();
  // Split by hand: URLSearchParams turns `+` into a space, which libpq and node-postgres do not.
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const key = decode(separator === -1 ? pair : pair.slice(0, separator), variable);
    const value = separator === -1 ? '' : decode(pair.slice(separator + 1), variable);
    parameters.set(key, value);
  }
  return parameters;
}

function decode(encoded: string, variable: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new DatabaseConfigError(variable, `${variable} has a malformed percent-encoding`);
  }
}

function bareHost(hostname: string, variable: string): string {
  const decoded = decode(hostname, variable);
  return decoded.startsWith('[') && decoded.endsWith(']') ? decoded.slice(1, -1) : decoded;
}

function portOf(port: string, variable: string): number | undefined {
  return port === '' ? undefined : parsePort(port, variable, `${variable} port`);
}

function sslFlag(value: string, variable: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new DatabaseConfigError(variable, `${variable} ssl must be true, false, 1 or 0`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
