import type { DatabaseEnv } from './database-variables.ts';
import { assembleDatabaseUrl } from './assemble-database-url.ts';
import { mintRdsIamToken, type MintIamToken } from './mint-iam-token.ts';
import { planEndpoints, type EndpointPlan } from './plan-endpoints.ts';
import { readDatabaseEnv } from './read-database-env.ts';

export interface DatabaseUrlDeps {
  /** Defaults to an RDS IAM token from `@aws-sdk/rds-signer`. */
  readonly mintIamToken?: MintIamToken;
}

/** URLs to write; an absent one means leave that variable as it is (pre-set, or nothing configured). */
export interface DatabaseUrls {
  readonly writerUrl?: string;
  readonly readerUrl?: string;
}

/**
 * Works out `DATABASE_URL` and `DATABASE_URL_READ_REPLICA` from the discrete variables (SPEC §3).
 * Throws DatabaseConfigError, before minting any token, when either endpoint is misconfigured.
 */
export async function resolveDatabaseUrls(env: DatabaseEnv, deps: DatabaseUrlDeps = {}): Promise<DatabaseUrls> {
  const plans = planEndpoints(readDatabaseEnv(env));
  const mintIamToken = deps.mintIamToken ?? mintRdsIamToken;
  const [writerUrl, readerUrl] = await Promise.all([
    urlToWrite(plans.writer, mintIamToken),
    urlToWrite(plans.reader, mintIamToken),
  ]);
  return {
    ...(writerUrl === undefined ? {} : { writerUrl }),
    ...(readerUrl === undefined ? {} : { readerUrl }),
  };
}

async function urlToWrite(plan: EndpointPlan, mintIamToken: MintIamToken): Promise<string | undefined> {
  if (plan.kind !== 'assemble') return undefined;
  const { target, auth } = plan;
  const secret =
    auth.kind === 'iam'
      ? await mintIamToken({ hostname: target.host, port: target.port, username: target.user, region: auth.region })
      : auth.password;
  return assembleDatabaseUrl(target, secret);
}
