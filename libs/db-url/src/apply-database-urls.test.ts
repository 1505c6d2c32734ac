import { describe, expect, it } from 'vitest';
import { applyDatabaseUrls } from './apply-database-urls.ts';
import { DatabaseConfigError } from './database-config-error.ts';
import type { IamTokenRequest, MintIamToken } from './mint-iam-token.ts';

/** Stands in for @aws-sdk/rds-signer: records each request and hands out numbered tokens. */
function fakeSigner(): { mintIamToken: MintIamToken; requests: IamTokenRequest[] } {
  const requests: IamTokenRequest[] = [];
  const mintIamToken: MintIamToken = async (request) => {
    requests.push(request);
    return `token-${requests.length}`;
  };
  return { mintIamToken, requests };
}

const IAM_WRITER = {
  IAM_TOKEN_DB_AUTH: 'true',
  DATABASE_HOST: 'writer.cluster.rds.amazonaws.com',
  DATABASE_PORT: '5432',
  DATABASE_USER: 'switchboard',
  DATABASE_NAME: 'switchboard',
  AWS_REGION: 'eu-west-1',
};

const PASSWORD_WRITER = {
  DATABASE_HOST: 'db.internal',
  DATABASE_USER: 'switchboard',
  DATABASE_PASSWORD: 'secret',
  DATABASE_NAME: 'switchboard',
};

// One test per reference case (SPEC §3), named after it.
describe('applyDatabaseUrls (reference cases)', () => {
  it('nothing set → no write', async () => {
    const env: Record<string, string | undefined> = { PATH: '/usr/bin' };
    const { mintIamToken, requests } = fakeSigner();
    expect(await applyDatabaseUrls(env, { mintIamToken })).toEqual({});
    expect(env).toEqual({ PATH: '/usr/bin' });
    expect(requests).toEqual([]);
  });

  it('IAM writer URL with minted token', async () => {
    const env: Record<string, string | undefined> = { ...IAM_WRITER };
    const { mintIamToken, requests } = fakeSigner();
    await applyDatabaseUrls(env, { mintIamToken });
    expect(env.DATABASE_URL).toBe(
      'postgresql://switchboard:token-1@writer.cluster.rds.amazonaws.com:5432/switchboard',
    );
    expect(requests).toEqual([
      { hostname: 'writer.cluster.rds.amazonaws.com', port: 5432, username: 'switchboard', region: 'eu-west-1' },
    ]);
    expect(env.DATABASE_URL_READ_REPLICA).toBeUndefined();
  });

  it('IAM with host missing → error naming DATABASE_HOST', async () => {
    const env: Record<string, string | undefined> = { ...IAM_WRITER, DATABASE_HOST: undefined };
    const { mintIamToken, requests } = fakeSigner();
    const error = await applyDatabaseUrls(env, { mintIamToken }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseConfigError);
    expect((error as DatabaseConfigError).variables).toEqual(['DATABASE_HOST']);
    expect((error as DatabaseConfigError).message).toContain('DATABASE_HOST');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(requests).toEqual([]);
  });

  it('IAM reader URL', async () => {
    const env: Record<string, string | undefined> = {
      ...IAM_WRITER,
      DATABASE_HOST_READ_REPLICA: 'reader.cluster-ro.rds.amazonaws.com',
    };
    const { mintIamToken, requests } = fakeSigner();
    await applyDatabaseUrls(env, { mintIamToken });
    const tokens = new Map(requests.map((request, index) => [request.hostname, `token-${index + 1}`]));
    expect(env.DATABASE_URL_READ_REPLICA).toBe(
      `postgresql://switchboard:${tokens.get('reader.cluster-ro.rds.amazonaws.com')}@reader.cluster-ro.rds.amazonaws.com:5432/switchboard`,
    );
    expect(requests.map((request) => request.hostname).sort()).toEqual([
      'reader.cluster-ro.rds.amazonaws.com',
      'writer.cluster.rds.amazonaws.com',
    ]);
  });

  it('pre-set reader kept', async () => {
    const preset = 'postgresql://pinned:pw@replica.example:5432/switchboard';
    const env: Record<string, string | undefined> = {
      ...IAM_WRITER,
      DATABASE_HOST_READ_REPLICA: 'reader.cluster-ro.rds.amazonaws.com',
      DATABASE_URL_READ_REPLICA: preset,
    };
    const { mintIamToken, requests } = fakeSigner();
    const written = await applyDatabaseUrls(env, { mintIamToken });
    expect(env.DATABASE_URL_READ_REPLICA).toBe(preset);
    expect(written.readerUrl).toBeUndefined();
    expect(requests.map((request) => request.hostname)).toEqual(['writer.cluster.rds.amazonaws.com']);
  });

  it('no reader host → no reader', async () => {
    const env: Record<string, string | undefined> = { ...PASSWORD_WRITER, DATABASE_USER_READ_REPLICA: 'reader' };
    await applyDatabaseUrls(env);
    expect(env.DATABASE_URL).toBeDefined();
    expect('DATABASE_URL_READ_REPLICA' in env).toBe(false);
  });

  it('reader falls back to writer fields incl. ?schema=public', async () => {
    const env: Record<string, string | undefined> = {
      ...IAM_WRITER,
      DATABASE_PORT: '6432',
      DATABASE_SCHEMA: 'public',
      DATABASE_HOST_READ_REPLICA: 'reader.internal',
    };
    const { mintIamToken, requests } = fakeSigner();
    await applyDatabaseUrls(env, { mintIamToken });
    const readerToken = `token-${requests.findIndex((request) => request.hostname === 'reader.internal') + 1}`;
    expect(env.DATABASE_URL_READ_REPLICA).toBe(
      `postgresql://switchboard:${readerToken}@reader.internal:6432/switchboard?schema=public`,
    );
    expect(requests.find((request) => request.hostname === 'reader.internal')).toEqual({
      hostname: 'reader.internal',
      port: 6432,
      username: 'switchboard',
      region: 'eu-west-1',
    });
  });

  it('password URL', async () => {
    const env: Record<string, string | undefined> = { ...PASSWORD_WRITER, DATABASE_PORT: '5433' };
    await applyDatabaseUrls(env);
    expect(env.DATABASE_URL).toBe('postgresql://switchboard:secret@db.internal:5433/switchboard');
  });

  it('p@ss/w:rd → p%40ss%2Fw%3Ard', async () => {
    const env: Record<string, string | undefined> = { ...PASSWORD_WRITER, DATABASE_PASSWORD: 'p@ss/w:rd' };
    await applyDatabaseUrls(env);
    expect(env.DATABASE_URL).toBe('postgresql://switchboard:p%40ss%2Fw%3Ard@db.internal:5432/switchboard');
  });

  it('pinned DATABASE_URL wins', async () => {
    const pinned = 'postgresql://pinned:pw@elsewhere:5432/pinned';
    const env: Record<string, string | undefined> = { ...PASSWORD_WRITER, DATABASE_URL: pinned };
    const written = await applyDatabaseUrls(env);
    expect(env.DATABASE_URL).toBe(pinned);
    expect(written).toEqual({});
  });

  it('passwordless URL', async () => {
    const env: Record<string, string | undefined> = { ...PASSWORD_WRITER, DATABASE_PASSWORD: undefined };
    await applyDatabaseUrls(env);
    expect(env.DATABASE_URL).toBe('postgresql://switchboard@db.internal:5432/switchboard');
  });

  it('DATABASE_USERNAME alias', async () => {
    const env: Record<string, string | undefined> = {
      ...PASSWORD_WRITER,
      DATABASE_USER: undefined,
      DATABASE_USERNAME: 'aliased',
    };
    await applyDatabaseUrls(env);
    expect(env.DATABASE_URL).toBe('postgresql://aliased:secret@db.internal:5432/switchboard');
  });

  it('reader inherits writer password', async () => {
    const env: Record<string, string | undefined> = {
      ...PASSWORD_WRITER,
      DATABASE_PASSWORD: 'p@ss/w:rd',
      DATABASE_HOST_READ_REPLICA: 'replica.internal',
    };
    await applyDatabaseUrls(env);
    expect(env.DATABASE_URL_READ_REPLICA).toBe(
      'postgresql://switchboard:p%40ss%2Fw%3Ard@replica.internal:5432/switchboard',
    );
  });

  it('reader with its own user and password', async () => {
    const env: Record<string, string | undefined> = {
      ...PASSWORD_WRITER,
      DATABASE_HOST_READ_REPLICA: 'replica.internal',
      DATABASE_USER_READ_REPLICA: 'reader',
      DATABASE_PASSWORD_READ_REPLICA: 'r3@d/only',
    };
    await applyDatabaseUrls(env);
    expect(env.DATABASE_URL).toBe('postgresql://switchboard:secret@db.internal:5432/switchboard');
    expect(env.DATABASE_URL_READ_REPLICA).toBe(
      'postgresql://reader:r3%40d%2Fonly@replica.internal:5432/switchboard',
    );
  });
});

describe('applyDatabaseUrls', () => {
  it('rewrites a pre-set DATABASE_URL in IAM mode, because the token in it expires', async () => {
    const env: Record<string, string | undefined> = {
      ...IAM_WRITER,
      DATABASE_URL: 'postgresql://switchboard:stale-token@writer.cluster.rds.amazonaws.com:5432/switchboard',
    };
    const { mintIamToken } = fakeSigner();
    await applyDatabaseUrls(env, { mintIamToken });
    expect(env.DATABASE_URL).toBe(
      'postgresql://switchboard:token-1@writer.cluster.rds.amazonaws.com:5432/switchboard',
    );
  });
});
