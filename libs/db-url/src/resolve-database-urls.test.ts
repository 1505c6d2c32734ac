import { describe, expect, it } from 'vitest';
import { DatabaseConfigError } from './database-config-error.ts';
import type { MintIamToken } from './mint-iam-token.ts';
import { resolveDatabaseUrls } from './resolve-database-urls.ts';

const PASSWORD_WRITER = {
  DATABASE_HOST: 'db.internal',
  DATABASE_USER: 'switchboard',
  DATABASE_PASSWORD: 'secret',
  DATABASE_NAME: 'switchboard',
};

// Shaped like a real RDS token: a presigned query string.
const RDS_LIKE_TOKEN =
  'db.internal:5432/?Action=connect&DBUser=switchboard&X-Amz-Credential=AKIA%2F20250101%2Feu-west-1&X-Amz-Signature=ab=cd';

const mintRdsLikeToken: MintIamToken = async () => RDS_LIKE_TOKEN;

async function configErrorFrom(promise: Promise<unknown>): Promise<DatabaseConfigError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof DatabaseConfigError)) throw new Error(`expected a DatabaseConfigError, got ${String(caught)}`);
  return caught;
}

describe('resolveDatabaseUrls', () => {
  it('percent-encodes an IAM token full of &, = and %, and decodes back to the same token', async () => {
    const { writerUrl } = await resolveDatabaseUrls(
      { ...PASSWORD_WRITER, DATABASE_PASSWORD: undefined, IAM_TOKEN_DB_AUTH: 'TRUE' },
      { mintIamToken: mintRdsLikeToken },
    );
    const expected = `postgresql://switchboard:${encodeURIComponent(RDS_LIKE_TOKEN)}@db.internal:5432/switchboard`;
    expect(writerUrl).toBe(expected);
    const userInfo = writerUrl?.slice('postgresql://'.length, writerUrl.lastIndexOf('@')) ?? '';
    expect(userInfo).not.toMatch(/[&=/?@]/);
    expect(decodeURIComponent(new URL(writerUrl ?? '').password)).toBe(RDS_LIKE_TOKEN);
  });

  it('percent-encodes user and database name in IAM mode exactly as in password mode', async () => {
    const odd = { ...PASSWORD_WRITER, DATABASE_USER: 'ops@corp', DATABASE_NAME: 'sb db%1' };
    const iam = await resolveDatabaseUrls(
      { ...odd, DATABASE_PASSWORD: undefined, IAM_TOKEN_DB_AUTH: 'yes' },
      { mintIamToken: async () => 'tok' },
    );
    const password = await resolveDatabaseUrls({ ...odd, DATABASE_PASSWORD: 'tok' });
    expect(iam.writerUrl).toBe('postgresql://ops%40corp:tok@db.internal:5432/sb%20db%251');
    expect(iam.writerUrl).toBe(password.writerUrl);
  });

  it('accepts the reference spellings of IAM_TOKEN_DB_AUTH and refuses a typo', async () => {
    const mintIamToken: MintIamToken = async () => 'tok';
    for (const on of ['true', 'True', '1', 'yes', 'YES']) {
      const { writerUrl } = await resolveDatabaseUrls({ ...PASSWORD_WRITER, IAM_TOKEN_DB_AUTH: on }, { mintIamToken });
      expect(writerUrl).toContain(':tok@');
    }
    for (const off of ['false', '0', 'no', '']) {
      const { writerUrl } = await resolveDatabaseUrls({ ...PASSWORD_WRITER, IAM_TOKEN_DB_AUTH: off }, { mintIamToken });
      expect(writerUrl).toContain(':secret@');
    }
    const error = await configErrorFrom(
      resolveDatabaseUrls({ ...PASSWORD_WRITER, IAM_TOKEN_DB_AUTH: 'ture' }, { mintIamToken }),
    );
    expect(error.variables).toEqual(['IAM_TOKEN_DB_AUTH']);
  });

  it('names every missing variable in IAM mode', async () => {
    const error = await configErrorFrom(
      resolveDatabaseUrls({ IAM_TOKEN_DB_AUTH: 'true', DATABASE_USERNAME: 'u' }, { mintIamToken: async () => 't' }),
    );
    expect(error.variables).toEqual(['DATABASE_HOST', 'DATABASE_NAME']);
    expect(error.message).toMatch(/DATABASE_HOST.*DATABASE_NAME.*IAM_TOKEN_DB_AUTH/);
  });

  it('refuses a partial password set, naming what is missing', async () => {
    const error = await configErrorFrom(resolveDatabaseUrls({ DATABASE_HOST: 'db.internal', DATABASE_USER: 'u' }));
    expect(error.variables).toEqual(['DATABASE_NAME']);
    expect(error.message).toContain('DATABASE_NAME');
  });

  it('names the reader variable and its writer fallback when the reader cannot resolve a user', async () => {
    const error = await configErrorFrom(
      resolveDatabaseUrls({ DATABASE_URL: 'postgresql://w@h/db', DATABASE_HOST_READ_REPLICA: 'replica' }),
    );
    expect(error.variables).toEqual([
      'DATABASE_USER_READ_REPLICA',
      'DATABASE_USER',
      'DATABASE_NAME_READ_REPLICA',
      'DATABASE_NAME',
    ]);
  });

  it('treats empty variables, as charts render them, as unset', async () => {
    expect(
      await resolveDatabaseUrls({ DATABASE_URL: '', DATABASE_HOST: '', DATABASE_PASSWORD: '', DATABASE_PORT: '' }),
    ).toEqual({});
  });

  it.each(['sqlite:///var/lib/switchboard.db', 'sqlite:./dev.db', 'mysql://root:hunter2@db:3306/sb', 'mssql://sa:hunter2@db/sb'])(
    'rejects the non-Postgres DATABASE_URL %s, naming the variable and the scheme',
    async (url) => {
      const error = await configErrorFrom(resolveDatabaseUrls({ DATABASE_URL: url }));
      const scheme = url.slice(0, url.indexOf(':'));
      expect(error.variables).toEqual(['DATABASE_URL']);
      expect(error.message).toContain(`"${scheme}"`);
      expect(error.message).not.toContain('hunter2');
    },
  );

  it('rejects a non-Postgres DATABASE_URL_READ_REPLICA the same way', async () => {
    const error = await configErrorFrom(
      resolveDatabaseUrls({ ...PASSWORD_WRITER, DATABASE_URL_READ_REPLICA: 'mysql://r:hunter2@replica/sb' }),
    );
    expect(error.variables).toEqual(['DATABASE_URL_READ_REPLICA']);
    expect(error.message).toContain('"mysql"');
  });

  it('accepts both postgres:// and postgresql:// in any case', async () => {
    for (const url of ['postgres://u:p@h:5432/d', 'POSTGRESQL://u:p@h/d']) {
      expect(await resolveDatabaseUrls({ DATABASE_URL: url })).toEqual({});
    }
  });

  it('reports an unparseable DATABASE_URL by variable only', async () => {
    for (const url of ['not a url', 'postgresql://u:p@ho st:5432/d', 'postgresql://u:%zz@h/d', 'u:hunter2@h/d']) {
      const error = await configErrorFrom(resolveDatabaseUrls({ DATABASE_URL: url }));
      expect(error.variables).toEqual(['DATABASE_URL']);
      expect(error.message).not.toContain(url);
      expect(error.message).not.toContain('hunter2');
    }
  });

  it.each(['0', '65536', 'abc', '54.3', '-1', ' 5432'])('rejects DATABASE_PORT=%j, naming the variable', async (port) => {
    const error = await configErrorFrom(resolveDatabaseUrls({ ...PASSWORD_WRITER, DATABASE_PORT: port }));
    expect(error.variables).toEqual(['DATABASE_PORT']);
    expect(error.message).toContain('DATABASE_PORT');
  });

  it('rejects a bad DATABASE_PORT_READ_REPLICA by its own name', async () => {
    const error = await configErrorFrom(
      resolveDatabaseUrls({ ...PASSWORD_WRITER, DATABASE_HOST_READ_REPLICA: 'r', DATABASE_PORT_READ_REPLICA: 'x' }),
    );
    expect(error.variables).toEqual(['DATABASE_PORT_READ_REPLICA']);
  });

  it('rejects an unknown DATABASE_SSLMODE, naming the variable', async () => {
    const error = await configErrorFrom(resolveDatabaseUrls({ ...PASSWORD_WRITER, DATABASE_SSLMODE: 'required' }));
    expect(error.variables).toEqual(['DATABASE_SSLMODE']);
    expect(error.message).toContain('verify-full');
  });

  it('adds sslmode and sslrootcert to the query after the schema', async () => {
    const { writerUrl } = await resolveDatabaseUrls({
      ...PASSWORD_WRITER,
      DATABASE_SCHEMA: 'switchboard',
      DATABASE_SSLMODE: 'verify-full',
      DATABASE_SSLROOTCERT: '/etc/ssl/rds-ca.pem',
    });
    expect(writerUrl).toBe(
      'postgresql://switchboard:secret@db.internal:5432/switchboard?schema=switchboard&sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Frds-ca.pem',
    );
  });

  it('lets the reader inherit the writer sslmode but override it', async () => {
    const urls = await resolveDatabaseUrls({
      ...PASSWORD_WRITER,
      DATABASE_SSLMODE: 'require',
      DATABASE_HOST_READ_REPLICA: 'replica',
      DATABASE_SSLMODE_READ_REPLICA: 'disable',
    });
    expect(urls.writerUrl).toContain('?sslmode=require');
    expect(urls.readerUrl).toContain('?sslmode=disable');
  });

  it('keeps @ : / literal in the database name so node-postgres reads it back', async () => {
    const { writerUrl } = await resolveDatabaseUrls({ ...PASSWORD_WRITER, DATABASE_NAME: 'sb db@x/y:z%w' });
    expect(writerUrl).toBe('postgresql://switchboard:secret@db.internal:5432/sb%20db@x/y:z%25w');
  });

  it('refuses a database name with ? or #, which no URL can carry to node-postgres', async () => {
    const error = await configErrorFrom(resolveDatabaseUrls({ ...PASSWORD_WRITER, DATABASE_NAME: 'a?b' }));
    expect(error.variables).toEqual(['DATABASE_NAME']);
  });

  it('brackets an IPv6 host and refuses a host that would change how the URL parses', async () => {
    const { writerUrl } = await resolveDatabaseUrls({ ...PASSWORD_WRITER, DATABASE_HOST: '::1' });
    expect(writerUrl).toBe('postgresql://switchboard:secret@[::1]:5432/switchboard');
    const error = await configErrorFrom(resolveDatabaseUrls({ ...PASSWORD_WRITER, DATABASE_HOST: 'evil@host/x' }));
    expect(error.variables).toEqual(['DATABASE_HOST']);
  });

  it('does not mint a token when the reader is misconfigured', async () => {
    let minted = 0;
    const mintIamToken: MintIamToken = async () => `t${++minted}`;
    await configErrorFrom(
      resolveDatabaseUrls(
        { IAM_TOKEN_DB_AUTH: '1', DATABASE_HOST: 'h', DATABASE_USER: 'u', DATABASE_NAME: 'n', DATABASE_HOST_READ_REPLICA: 'r', DATABASE_SCHEMA_READ_REPLICA: '\u0000' },
        { mintIamToken },
      ),
    );
    expect(minted).toBe(0);
  });

  it('lets the reader opt out of IAM with IAM_TOKEN_DB_AUTH_READ_REPLICA', async () => {
    const urls = await resolveDatabaseUrls(
      {
        IAM_TOKEN_DB_AUTH: 'true',
        DATABASE_HOST: 'writer',
        DATABASE_USER: 'u',
        DATABASE_NAME: 'n',
        DATABASE_HOST_READ_REPLICA: 'reader',
        IAM_TOKEN_DB_AUTH_READ_REPLICA: 'false',
        DATABASE_PASSWORD_READ_REPLICA: 'reader-pw',
      },
      { mintIamToken: async () => 'tok' },
    );
    expect(urls).toEqual({
      writerUrl: 'postgresql://u:tok@writer:5432/n',
      readerUrl: 'postgresql://u:reader-pw@reader:5432/n',
    });
  });
});
