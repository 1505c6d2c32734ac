import { DatabaseConfigError } from './database-config-error.ts';
import type { SslMode } from './env-values.ts';
import type { ParsedDatabaseUrl } from './parse-database-url.ts';
import type { DatabaseSettings, EndpointSettings } from './read-database-env.ts';

/** Where to connect when the URL is assembled from discrete variables. */
export interface ConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly name: string;
  readonly schema?: string;
  readonly sslMode?: SslMode;
  readonly sslRootCert?: string;
}

export type EndpointAuth =
  | { readonly kind: 'password'; readonly password?: string }
  | { readonly kind: 'iam'; readonly region?: string };

/**
 * What to do for one endpoint: nothing is configured, a pre-set URL stands, or a URL is assembled.
 * The same plan drives both the URL written to the environment and the node-postgres pool config, so the
 * two can never disagree about which rule applied.
 */
export type EndpointPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'preset'; readonly endpoint: EndpointSettings; readonly parsed: ParsedDatabaseUrl }
  | {
      readonly kind: 'assemble';
      readonly endpoint: EndpointSettings;
      readonly target: ConnectionTarget;
      readonly auth: EndpointAuth;
    };

export interface EndpointPlans {
  readonly writer: EndpointPlan;
  readonly reader: EndpointPlan;
}

export function planEndpoints(settings: DatabaseSettings): EndpointPlans {
  return { writer: planWriter(settings.writer), reader: planReader(settings.reader) };
}

function planWriter(writer: EndpointSettings): EndpointPlan {
  // An IAM token expires, so a pre-set URL would carry a dead one: IAM mode always assembles.
  if (writer.iam) {
    return assemble(writer, `${writer.variables.iam} is on`);
  }
  if (writer.presetUrl) return preset(writer, writer.presetUrl.parsed);
  const configured = [writer.host, writer.user, writer.name, writer.password].some((value) => value !== undefined);
  if (!configured) return { kind: 'none' };
  return assemble(writer, `some DATABASE_* variables are set and ${writer.variables.url} is not`);
}

function planReader(reader: EndpointSettings): EndpointPlan {
  // A pre-set reader URL is never overwritten, even in IAM mode: an operator may pin a password-auth reader.
  if (reader.presetUrl) return preset(reader, reader.presetUrl.parsed);
  if (reader.host === undefined) return { kind: 'none' };
  return assemble(reader, `${reader.variables.host} is set`);
}

function preset(endpoint: EndpointSettings, parsed: ParsedDatabaseUrl): EndpointPlan {
  return { kind: 'preset', endpoint, parsed };
}

function assemble(endpoint: EndpointSettings, reason: string): EndpointPlan {
  const { host, user, name } = endpoint;
  if (host === undefined || user === undefined || name === undefined) {
    throw missingVariables(endpoint, reason);
  }
  const target: ConnectionTarget = {
    host,
    port: endpoint.port,
    user,
    name,
    schema: endpoint.schema,
    sslMode: endpoint.sslMode,
    sslRootCert: endpoint.sslRootCert,
  };
  const auth: EndpointAuth = endpoint.iam
    ? { kind: 'iam', region: endpoint.region }
    : { kind: 'password', password: endpoint.password };
  return { kind: 'assemble', endpoint, target, auth };
}

function missingVariables(endpoint: EndpointSettings, reason: string): DatabaseConfigError {
  const own = endpoint.variables;
  const inherited = endpoint.fallbackVariables;
  const missing: { variables: string[]; display: string }[] = [];
  if (endpoint.host === undefined) missing.push({ variables: [own.host], display: own.host });
  if (endpoint.user === undefined) {
    missing.push(
      inherited
        ? { variables: [own.user, inherited.user], display: `${own.user} (or ${inherited.user})` }
        : { variables: [own.user], display: `${own.user} (or ${own.userAlias})` },
    );
  }
  if (endpoint.name === undefined) {
    missing.push(
      inherited
        ? { variables: [own.name, inherited.name], display: `${own.name} (or ${inherited.name})` }
        : { variables: [own.name], display: own.name },
    );
  }
  const list = missing.map((entry) => entry.display).join(', ');
  return new DatabaseConfigError(
    missing.flatMap((entry) => entry.variables),
    `${list} ${missing.length === 1 ? 'is' : 'are'} unset (needed because ${reason})`,
  );
}
