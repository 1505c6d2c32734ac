import { DEFAULT_PORT, variablesFor, type DatabaseEnv, type EndpointRole, type EndpointVariables } from './database-variables.ts';
import { checkDatabaseName } from './database-name.ts';
import { parseFlag, parsePort, parseSslMode, type SslMode } from './env-values.ts';
import { checkHost } from './host-name.ts';
import { parseDatabaseUrl, type ParsedDatabaseUrl } from './parse-database-url.ts';
import { checkSchemaName } from './schema-name.ts';

/** One endpoint's variables, validated. A reader's unset fields already hold the writer's values. */
export interface EndpointSettings {
  readonly role: EndpointRole;
  readonly variables: EndpointVariables;
  /** For a reader: the writer's variables, so a missing field can name both places it may be set. */
  readonly fallbackVariables?: EndpointVariables;
  readonly presetUrl?: { readonly url: string; readonly parsed: ParsedDatabaseUrl };
  /** Never inherited: the reader host is what opts the reader in. */
  readonly host?: string;
  readonly port: number;
  readonly user?: string;
  readonly password?: string;
  readonly name?: string;
  readonly schema?: string;
  readonly sslMode?: SslMode;
  readonly sslRootCert?: string;
  readonly iam: boolean;
  readonly region?: string;
}

export interface DatabaseSettings {
  readonly writer: EndpointSettings;
  readonly reader: EndpointSettings;
}

/** Reads and validates every `DATABASE_*` variable and its `_READ_REPLICA` twin; throws DatabaseConfigError. */
export function readDatabaseEnv(env: DatabaseEnv): DatabaseSettings {
  const writer = readEndpoint(env, 'writer');
  return { writer, reader: readEndpoint(env, 'reader', writer) };
}

function readEndpoint(env: DatabaseEnv, role: EndpointRole, fallback?: EndpointSettings): EndpointSettings {
  const names = variablesFor(role);
  // Charts and compose files render an unset value as an empty string; both mean "not configured".
  const read = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const url = read(names.url);
  const host = read(names.host);
  const port = read(names.port);
  const schema = read(names.schema);
  const sslMode = read(names.sslMode);
  const iam = read(names.iam);
  const name = read(names.name);

  return {
    role,
    variables: names,
    fallbackVariables: fallback?.variables,
    presetUrl: url === undefined ? undefined : { url, parsed: parseDatabaseUrl(url, names.url) },
    host: host === undefined ? undefined : checkHost(host, names.host),
    port: port === undefined ? (fallback?.port ?? DEFAULT_PORT) : parsePort(port, names.port),
    user: read(names.user) ?? read(names.userAlias) ?? fallback?.user,
    password: read(names.password) ?? fallback?.password,
    name: name === undefined ? fallback?.name : checkDatabaseName(name, names.name),
    schema: schema === undefined ? fallback?.schema : checkSchemaName(schema, names.schema),
    sslMode: sslMode === undefined ? fallback?.sslMode : parseSslMode(sslMode, names.sslMode),
    sslRootCert: read(names.sslRootCert) ?? fallback?.sslRootCert,
    iam: iam === undefined ? (fallback?.iam ?? false) : parseFlag(iam, names.iam),
    region: read(names.region) ?? fallback?.region,
  };
}
