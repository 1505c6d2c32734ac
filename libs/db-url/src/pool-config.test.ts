import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Pool, type PoolClient } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseConfigError } from './database-config-error.ts';
import type { IamTokenRequest, MintIamToken } from './mint-iam-token.ts';
import { databasePoolConfigs } from './pool-config.ts';

function fakeSigner(): { mintIamToken: MintIamToken; requests: IamTokenRequest[] } {
  const requests: IamTokenRequest[] = [];
  const mintIamToken: MintIamToken = async (request) => {
    requests.push(request);
    return `token-${requests.length}&X-Amz-Signature=%3D`;
  };
  return { mintIamToken, requests };
}

const IAM_WRITER = {
  IAM_TOKEN_DB_AUTH: 'true',
  DATABASE_HOST: 'writer.cluster.rds.amazonaws.com',
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

/**
 * Just enough of the Postgres wire protocol to make node-postgres ask for a password: every connection
 * gets AuthenticationCleartextPassword, and the password it sends back is recorded.
 */
async function startPasswordRecordingServer(): Promise<{ server: Server; port: number; passwords: string[] }> {
  const passwords: string[] = [];
  const server = createServer((socket: Socket) => {
    let buffered = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        // The startup message has no type byte; every later message does.
        const headerLength = started ? 5 : 4;
        if (buffered.length < headerLength) return;
        const length = buffered.readInt32BE(started ? 1 : 0) + (started ? 1 : 0);
        if (buffered.length < length) return;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (!started) {
          started = true;
          socket.write(authentication(3)); // cleartext password, please
        } else if (message[0] === 0x70 /* 'p' */) {
          passwords.push(message.subarray(5, message.length - 1).toString('utf8'));
          socket.write(Buffer.concat([authentication(0), readyForQuery()]));
        } else if (message[0] === 0x58 /* 'X', terminate */) {
          socket.end();
        }
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, passwords };
}

function authentication(code: number): Buffer {
  const message = Buffer.alloc(9);
  message.write('R', 0);
  message.writeInt32BE(8, 1);
  message.writeInt32BE(code, 5);
  return message;
}

function readyForQuery(): Buffer {
  return Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
}

const openServers: Server[] = [];
afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('databasePoolConfigs', () => {
  it('returns nothing when nothing is configured', () => {
    expect(databasePoolConfigs({})).toEqual({});
  });

  it('builds the writer pool from the discrete variables', () => {
    const { writer, reader } = databasePoolConfigs({ ...PASSWORD_WRITER, DATABASE_PASSWORD: 'p@ss/w:rd' });
    expect(writer).toEqual({
      host: 'db.internal',
      port: 5432,
      user: 'switchboard',
      database: 'switchboard',
      password: 'p@ss/w:rd',
    });
    expect(reader).toBeUndefined();
  });

  it('gives IAM pools an async password that mints a fresh token on every call', async () => {
    const { mintIamToken, requests } = fakeSigner();
    const { writer } = databasePoolConfigs(IAM_WRITER, { mintIamToken });
    const password = writer?.password;
    if (typeof password !== 'function') throw new Error('expected an async password function');
    expect(await password()).toBe('token-1&X-Amz-Signature=%3D');
    expect(await password()).toBe('token-2&X-Amz-Signature=%3D');
    expect(requests).toEqual([
      { hostname: 'writer.cluster.rds.amazonaws.com', port: 5432, username: 'switchboard', region: 'eu-west-1' },
      { hostname: 'writer.cluster.rds.amazonaws.com', port: 5432, username: 'switchboard', region: 'eu-west-1' },
    ]);
  });

  it('mints no token until a connection needs one', () => {
    const { mintIamToken, requests } = fakeSigner();
    databasePoolConfigs(IAM_WRITER, { mintIamToken });
    expect(requests).toEqual([]);
  });

  it('mints a separate token for each of two pool connections', async () => {
    const fake = await startPasswordRecordingServer();
    openServers.push(fake.server);
    const { mintIamToken, requests } = fakeSigner();
    const { writer } = databasePoolConfigs(
      { ...IAM_WRITER, DATABASE_HOST: '127.0.0.1', DATABASE_PORT: String(fake.port), DATABASE_SSLMODE: 'disable' },
      { mintIamToken },
    );
    const pool = new Pool({ ...writer, max: 2 });
    const clients: PoolClient[] = await Promise.all([pool.connect(), pool.connect()]);
    for (const client of clients) client.release();
    await pool.end();
    expect(requests).toHaveLength(2);
    expect([...fake.passwords].sort()).toEqual(['token-1&X-Amz-Signature=%3D', 'token-2&X-Amz-Signature=%3D']);
  });

  it('gives the IAM reader its own tokens for the reader host', async () => {
    const { mintIamToken, requests } = fakeSigner();
    const { reader } = databasePoolConfigs(
      { ...IAM_WRITER, DATABASE_HOST_READ_REPLICA: 'reader.internal', DATABASE_PORT_READ_REPLICA: '6432' },
      { mintIamToken },
    );
    const password = reader?.password;
    if (typeof password !== 'function') throw new Error('expected an async password function');
    await password();
    expect(requests).toEqual([
      { hostname: 'reader.internal', port: 6432, username: 'switchboard', region: 'eu-west-1' },
    ]);
  });

  it('maps DATABASE_SCHEMA to a search_path option, since node-postgres ignores ?schema=', () => {
    const { writer } = databasePoolConfigs({ ...PASSWORD_WRITER, DATABASE_SCHEMA: 'tenant_a' });
    expect(writer?.options).toBe('-c search_path="tenant_a"');
  });

  it('maps ?schema= in a pre-set DATABASE_URL to search_path too', () => {
    const { writer } = databasePoolConfigs({
      DATABASE_URL: 'postgresql://u:p%40ss@db.example:6543/app%20db?schema=my%20schema&application_name=gw',
    });
    expect(writer).toEqual({
      host: 'db.example',
      port: 6543,
      user: 'u',
      password: 'p@ss',
      database: 'app db',
      options: '-c search_path="my\\ schema"',
      application_name: 'gw',
    });
  });

  it('keeps a URL options parameter alongside the search_path', () => {
    const { writer } = databasePoolConfigs({
      DATABASE_URL: 'postgresql://u@h/d?options=-c%20statement_timeout%3D5000&schema=s',
    });
    expect(writer?.options).toBe('-c statement_timeout=5000 -c search_path="s"');
  });

  it('warns, by name only, about URL parameters node-postgres cannot use', () => {
    const warnings: string[] = [];
    databasePoolConfigs(
      { DATABASE_URL: 'postgresql://u:hunter2@h/d?connection_limit=10&pool_timeout=60&schema=public' },
      { warn: (message) => warnings.push(message) },
    );
    expect(warnings).toEqual(['DATABASE_URL: node-postgres has no use for connection_limit, pool_timeout; ignored']);
  });

  it('builds the reader from a pre-set reader URL, and mints fresh IAM tokens for its host and user', async () => {
    const { mintIamToken, requests } = fakeSigner();
    const { reader } = databasePoolConfigs(
      {
        ...IAM_WRITER,
        DATABASE_URL_READ_REPLICA: 'postgresql://ro:expired-token@reader.example:5432/switchboard?schema=public',
      },
      { mintIamToken },
    );
    expect(reader).toMatchObject({ host: 'reader.example', user: 'ro', options: '-c search_path="public"' });
    const password = reader?.password;
    if (typeof password !== 'function') throw new Error('expected an async password function');
    await password();
    expect(requests).toEqual([{ hostname: 'reader.example', port: 5432, username: 'ro', region: 'eu-west-1' }]);
  });

  it('reader pool falls back to the writer fields and password', () => {
    const { reader } = databasePoolConfigs({
      ...PASSWORD_WRITER,
      DATABASE_SCHEMA: 'public',
      DATABASE_HOST_READ_REPLICA: 'replica.internal',
    });
    expect(reader).toEqual({
      host: 'replica.internal',
      port: 5432,
      user: 'switchboard',
      database: 'switchboard',
      password: 'secret',
      options: '-c search_path="public"',
    });
  });
});

describe('databasePoolConfigs ssl', () => {
  const readFile = (path: string): string => {
    if (path === '/certs/rds-ca.pem') return 'CA PEM';
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  };
  const sslFor = (env: Record<string, string>) =>
    databasePoolConfigs({ ...PASSWORD_WRITER, ...env }, { readFile }).writer?.ssl;

  it('leaves ssl to node-postgres defaults when nothing says otherwise', () => {
    expect(sslFor({})).toBeUndefined();
  });

  it('turns TLS off for disable and allow', () => {
    expect(sslFor({ DATABASE_SSLMODE: 'disable' })).toBe(false);
    expect(sslFor({ DATABASE_SSLMODE: 'allow' })).toBe(false);
  });

  it('encrypts without verifying for require and prefer', () => {
    expect(sslFor({ DATABASE_SSLMODE: 'require' })).toEqual({ rejectUnauthorized: false });
    expect(sslFor({ DATABASE_SSLMODE: 'prefer' })).toEqual({ rejectUnauthorized: false });
  });

  it('verifies the chain against the root certificate for verify-ca, not the hostname', () => {
    const ssl = sslFor({ DATABASE_SSLMODE: 'verify-ca', DATABASE_SSLROOTCERT: '/certs/rds-ca.pem' });
    expect(ssl).toMatchObject({ ca: 'CA PEM', rejectUnauthorized: true });
    if (typeof ssl !== 'object' || ssl.checkServerIdentity === undefined) throw new Error('expected a hostname override');
    expect(ssl.checkServerIdentity('other-host', {} as never)).toBeUndefined();
  });

  it('verifies chain and hostname for verify-full', () => {
    expect(sslFor({ DATABASE_SSLMODE: 'verify-full', DATABASE_SSLROOTCERT: '/certs/rds-ca.pem' })).toEqual({
      ca: 'CA PEM',
      rejectUnauthorized: true,
    });
  });

  it('refuses verify-ca without a root certificate, naming DATABASE_SSLROOTCERT', () => {
    expect(() => sslFor({ DATABASE_SSLMODE: 'verify-ca' })).toThrow(DatabaseConfigError);
    try {
      sslFor({ DATABASE_SSLMODE: 'verify-ca' });
    } catch (error) {
      expect((error as DatabaseConfigError).variables).toEqual(['DATABASE_SSLROOTCERT']);
    }
  });

  it('names DATABASE_SSLROOTCERT when the file cannot be read', () => {
    expect(() => sslFor({ DATABASE_SSLMODE: 'verify-full', DATABASE_SSLROOTCERT: '/missing.pem' })).toThrow(
      /DATABASE_SSLROOTCERT.*ENOENT/,
    );
  });

  it('encrypts IAM connections by default, since RDS refuses IAM auth in the clear', () => {
    const { writer } = databasePoolConfigs(IAM_WRITER, { mintIamToken: fakeSigner().mintIamToken });
    expect(writer?.ssl).toEqual({ rejectUnauthorized: false });
  });

  it('reads sslmode from a pre-set URL before the discrete variables', () => {
    const { writer } = databasePoolConfigs({
      DATABASE_URL: 'postgresql://u@h/d?sslmode=disable',
      DATABASE_SSLMODE: 'require',
    });
    expect(writer?.ssl).toBe(false);
  });
});
