import type { PoolConfig } from 'pg';
import { DatabaseConfigError } from './database-config-error.ts';
import { DEFAULT_PORT, type DatabaseEnv } from './database-variables.ts';
import { mintRdsIamToken, type MintIamToken } from './mint-iam-token.ts';
import { planEndpoints, type EndpointPlan } from './plan-endpoints.ts';
import { poolSslOption, type ReadTextFile } from './pool-ssl.ts';
import { readDatabaseEnv, type EndpointSettings } from './read-database-env.ts';
import { searchPathOption } from './schema-name.ts';

export interface DatabasePoolDeps {
  /** Defaults to an RDS IAM token from `@aws-sdk/rds-signer`. */
  readonly mintIamToken?: MintIamToken;
  /** Reads the `sslrootcert` file; defaults to a synchronous UTF-8 read. */
  readonly readFile?: ReadTextFile;
  /** Told about URL parameters node-postgres cannot use (names only, never values); defaults to console.warn. */
  readonly warn?: (message: string) => void;
}

export interface DatabasePoolConfigs {
  readonly writer?: PoolConfig;
  readonly reader?: PoolConfig;
}

/**
 * node-postgres pool settings for the writer and (when configured) the reader, under the same rules as the
 * URLs. In IAM mode `password` is an async function: node-postgres calls it for every new connection, so a
 * pool that lives for days keeps connecting after the first ~15-minute token has expired.
 */
export function databasePoolConfigs(env: DatabaseEnv, deps: DatabasePoolDeps = {}): DatabasePoolConfigs {
  const plans = planEndpoints(readDatabaseEnv(env));
  const writer = poolConfigFor(plans.writer, deps);
  const reader = poolConfigFor(plans.reader, deps);
  return { ...(writer ? { writer } : {}), ...(reader ? { reader } : {}) };
}

function poolConfigFor(plan: EndpointPlan, deps: DatabasePoolDeps): PoolConfig | undefined {
  const mintIamToken = deps.mintIamToken ?? mintRdsIamToken;
  switch (plan.kind) {
    case 'none':
      return undefined;

    case 'assemble': {
      const { target, auth, endpoint } = plan;
      return {
        host: target.host,
        port: target.port,
        user: target.user,
        database: target.name,
        password:
          auth.kind === 'iam'
            ? () => mintIamToken({ hostname: target.host, port: target.port, username: target.user, region: auth.region })
            : auth.password,
        options: target.schema === undefined ? undefined : searchPathOption(target.schema),
        ssl: poolSslOption({ ...target, iam: auth.kind === 'iam' }, endpoint.variables, deps.readFile),
      };
    }

    case 'preset': {
      const { parsed, endpoint } = plan;
      const urlVariable = endpoint.variables.url;
      if (parsed.ignoredParameters.length > 0) {
        (deps.warn ?? console.warn)(
          `${urlVariable}: node-postgres has no use for ${parsed.ignoredParameters.join(', ')}; ignored`,
        );
      }
      // A URL without a port means 5432, whatever DATABASE_PORT says: the URL is the whole address.
      const port = parsed.port ?? DEFAULT_PORT;
      const searchPath = parsed.schema === undefined ? undefined : searchPathOption(parsed.schema);
      return {
        host: parsed.host,
        port,
        user: parsed.user,
        database: parsed.database,
        password: endpoint.iam ? iamPasswordForUrl(parsed.host, port, parsed.user, endpoint, mintIamToken) : parsed.password,
        options: [parsed.options, searchPath].filter((option) => option !== undefined).join(' ') || undefined,
        application_name: parsed.applicationName,
        // The URL's own TLS settings win; the discrete variables fill the gaps, as they describe the same server.
        ssl: poolSslOption(
          {
            sslMode: parsed.sslMode ?? endpoint.sslMode,
            sslRootCert: parsed.sslRootCert ?? endpoint.sslRootCert,
            ssl: parsed.ssl,
            iam: endpoint.iam,
          },
          parsed.sslMode === undefined && parsed.sslRootCert === undefined
            ? endpoint.variables
            : { sslMode: urlVariable, sslRootCert: urlVariable },
          deps.readFile,
        ),
      };
    }
  }
}

/**
 * Only a pre-set reader URL reaches here in IAM mode (the writer always assembles): the token baked into
 * such a URL expires, so the pool mints its own for the URL's host and user.
 */
function iamPasswordForUrl(
  host: string | undefined,
  port: number,
  user: string | undefined,
  endpoint: EndpointSettings,
  mintIamToken: MintIamToken,
): () => Promise<string> {
  if (host === undefined || user === undefined) {
    throw new DatabaseConfigError(
      endpoint.variables.url,
      `${endpoint.variables.url} needs a host and a user to mint IAM tokens (${endpoint.variables.iam} is on)`,
    );
  }
  return () => mintIamToken({ hostname: host, port, username: user, region: endpoint.region });
}
