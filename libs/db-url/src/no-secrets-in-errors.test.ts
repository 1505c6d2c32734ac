import { describe, expect, it } from 'vitest';
import { DatabaseConfigError } from './database-config-error.ts';
import type { DatabaseEnv } from './database-variables.ts';
import type { MintIamToken } from './mint-iam-token.ts';
import { databasePoolConfigs } from './pool-config.ts';
import { resolveDatabaseUrls } from './resolve-database-urls.ts';

const PASSWORD = 'Pw-s3cr3t_4242';
const TOKEN = 'IAMTOKEN_x9x9x9';
const SECRETS = [PASSWORD, encodeURIComponent(PASSWORD), TOKEN];

const mintIamToken: MintIamToken = async () => TOKEN;
const readFile = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: no such file ${path}`), { code: 'ENOENT' });
};

const WRITER = { DATABASE_HOST: 'db', DATABASE_USER: 'u', DATABASE_NAME: 'n', DATABASE_PASSWORD: PASSWORD };
const IAM = { ...WRITER, IAM_TOKEN_DB_AUTH: 'true' };

/** Every way this lib can refuse a configuration, each with the secrets somewhere in the input. */
const ERROR_PATHS: Record<string, DatabaseEnv> = {
  'IAM with host missing': { ...IAM, DATABASE_HOST: undefined },
  'IAM with everything missing': { IAM_TOKEN_DB_AUTH: 'on', DATABASE_PASSWORD: PASSWORD },
  'partial password set': { DATABASE_HOST: 'db', DATABASE_PASSWORD: PASSWORD },
  'reader without user or name': {
    DATABASE_URL: `postgresql://u:${PASSWORD}@db/n`,
    DATABASE_HOST_READ_REPLICA: 'r',
    DATABASE_PASSWORD_READ_REPLICA: TOKEN,
  },
  'bad port': { ...WRITER, DATABASE_PORT: 'port' },
  'bad sslmode': { ...WRITER, DATABASE_SSLMODE: 'strict' },
  'IAM flag typo': { ...WRITER, IAM_TOKEN_DB_AUTH: 'enabled' },
  'mysql scheme': { DATABASE_URL: `mysql://root:${PASSWORD}@db:3306/n` },
  'sqlite scheme': { DATABASE_URL: `sqlite:///data/${PASSWORD}.db` },
  'mssql reader scheme': { ...WRITER, DATABASE_URL_READ_REPLICA: `mssql://sa:${TOKEN}@db/n` },
  'no scheme': { DATABASE_URL: `u:${PASSWORD}@db/n` },
  'unparseable URL': { DATABASE_URL: `postgresql://u:${PASSWORD}@db host/n` },
  'malformed percent-encoding': { DATABASE_URL: `postgresql://u:${PASSWORD}%zz@db/n` },
  'bad sslmode in URL': { DATABASE_URL: `postgresql://u:${PASSWORD}@db/n?sslmode=${PASSWORD}` },
  'bad ssl flag in URL': { DATABASE_URL: `postgresql://u:${PASSWORD}@db/n?ssl=${TOKEN}` },
  'bad port in URL query': { DATABASE_URL: `postgresql://u:${PASSWORD}@db/n?port=x` },
  'bad schema in URL': { DATABASE_URL: `postgresql://u:${PASSWORD}@db/n?schema=a%00b` },
  'bad schema': { ...WRITER, DATABASE_SCHEMA: 'a\nb' },
  'bad host': { ...WRITER, DATABASE_HOST: 'db/evil' },
  'database name with ?': { ...WRITER, DATABASE_NAME: 'n?x' },
};

/** Failures only the pool config can hit (TLS files, minting for a pre-set URL). */
const POOL_ERROR_PATHS: Record<string, DatabaseEnv> = {
  'verify-ca without a root certificate': { ...WRITER, DATABASE_SSLMODE: 'verify-ca' },
  'unreadable root certificate': { ...WRITER, DATABASE_SSLMODE: 'verify-full', DATABASE_SSLROOTCERT: '/nope.pem' },
  'IAM reader URL without a user': {
    ...IAM,
    DATABASE_URL_READ_REPLICA: `postgresql://:${TOKEN}@reader/n`,
  },
};

function expectNoSecrets(error: unknown): void {
  expect(error).toBeInstanceOf(DatabaseConfigError);
  const configError = error as DatabaseConfigError;
  const visible = [configError.message, configError.stack ?? '', String(configError), JSON.stringify(configError)];
  for (const text of visible) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
  expect(configError.cause).toBeUndefined();
  expect(configError.variables.length).toBeGreaterThan(0);
}

describe('no password or token in any error', () => {
  it.each(Object.entries(ERROR_PATHS))('resolveDatabaseUrls: %s', async (_name, env) => {
    const error = await resolveDatabaseUrls(env, { mintIamToken }).then(
      () => new Error('expected a DatabaseConfigError'),
      (caught: unknown) => caught,
    );
    expectNoSecrets(error);
  });

  it.each(Object.entries({ ...ERROR_PATHS, ...POOL_ERROR_PATHS }))('databasePoolConfigs: %s', (_name, env) => {
    let caught: unknown = new Error('expected a DatabaseConfigError');
    try {
      databasePoolConfigs(env, { mintIamToken, readFile, warn: () => undefined });
    } catch (error) {
      caught = error;
    }
    expectNoSecrets(caught);
  });

  it('warnings about dropped URL parameters carry names, never values', () => {
    const warnings: string[] = [];
    databasePoolConfigs(
      { DATABASE_URL: `postgresql://u:${PASSWORD}@db/n?password=${PASSWORD}&api_token=${TOKEN}` },
      { warn: (message) => warnings.push(message) },
    );
    expect(warnings).toHaveLength(1);
    for (const secret of SECRETS) expect(warnings[0]).not.toContain(secret);
  });
});
