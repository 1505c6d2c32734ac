import { randomBytes } from 'node:crypto';
import { Client, Pool, escapeIdentifier, escapeLiteral, type ClientConfig } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePoolConfigs } from './pool-config.ts';
import { resolveDatabaseUrls } from './resolve-database-urls.ts';

const ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' } satisfies ClientConfig;
const ADMIN_ADDRESS = `${ADMIN.host}:${ADMIN.port}`;

/** Why PostgreSQL cannot be used, or undefined when it can. */
async function unreachableReason(): Promise<string | undefined> {
  const client = new Client({ ...ADMIN, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  await client.end();
  return undefined;
}

/**
 * Declares a suite that needs the real PostgreSQL. Without one it is skipped with a visible warning on a
 * developer machine, but fails under CI=true, where a silent skip would hide that nothing was tested.
 */
function describeWithPostgres(name: string, unreachable: string | undefined, suite: () => void): void {
  if (unreachable === undefined) {
    describe(name, suite);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs PostgreSQL at ${ADMIN_ADDRESS} (CI=true)`, () => {
        throw new Error(`PostgreSQL at ${ADMIN_ADDRESS} is unreachable: ${unreachable}`);
      });
    });
  } else {
    console.warn(
      `[db-url] skipping "${name}": PostgreSQL at ${ADMIN_ADDRESS} is unreachable (${unreachable}). Under CI=true this fails.`,
    );
    describe.skip(name, suite);
  }
}

async function asAdmin<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...ADMIN, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const suffix = randomBytes(4).toString('hex');
// Every character that breaks a naively assembled URL: @ / : % and a space.
const ROLE = `sb user@a/b:c%d ${suffix}`;
const DATABASE = `sb db@x/y:z%w ${suffix}`;
const PASSWORD = `p@ss/w:rd%w ${suffix}`;
const SCHEMA = `sb schema-${suffix}`;

const ENV = {
  DATABASE_HOST: '127.0.0.1',
  DATABASE_PORT: '5432',
  DATABASE_USER: ROLE,
  DATABASE_PASSWORD: PASSWORD,
  DATABASE_NAME: DATABASE,
};

interface Identity {
  current_user: string;
  current_database: string;
  current_schema: string | null;
}

const IDENTITY_SQL = 'select current_user, current_database(), current_schema()';

describeWithPostgres('against the real PostgreSQL', await unreachableReason(), () => {
  beforeAll(async () => {
    await asAdmin('postgres', async (admin) => {
      await admin.query(`create role ${escapeIdentifier(ROLE)} login password ${escapeLiteral(PASSWORD)}`);
      await admin.query(`create database ${escapeIdentifier(DATABASE)} owner ${escapeIdentifier(ROLE)}`);
    });
    await asAdmin(DATABASE, (admin) =>
      admin.query(`create schema ${escapeIdentifier(SCHEMA)} authorization ${escapeIdentifier(ROLE)}`),
    );
  });

  afterAll(async () => {
    await asAdmin('postgres', async (admin) => {
      await admin.query(`drop database if exists ${escapeIdentifier(DATABASE)} with (force)`);
      await admin.query(`drop role if exists ${escapeIdentifier(ROLE)}`);
    });
  });

  it('connects with the assembled URL as the odd role to the odd database', async () => {
    const { writerUrl } = await resolveDatabaseUrls(ENV);
    const client = new Client({ connectionString: writerUrl });
    await client.connect();
    try {
      const { rows } = await client.query<Identity>(IDENTITY_SQL);
      expect(rows[0]).toMatchObject({ current_user: ROLE, current_database: DATABASE });
    } finally {
      await client.end();
    }
  });

  it('connects through the pool config, with DATABASE_SCHEMA as the search_path', async () => {
    const { writer } = databasePoolConfigs({ ...ENV, DATABASE_SCHEMA: SCHEMA });
    const pool = new Pool(writer);
    try {
      const { rows } = await pool.query<Identity>(IDENTITY_SQL);
      expect(rows[0]).toEqual({ current_user: ROLE, current_database: DATABASE, current_schema: SCHEMA });
    } finally {
      await pool.end();
    }
  });

  it('connects through a pool config parsed back from the assembled URL, ?schema= included', async () => {
    const { writerUrl } = await resolveDatabaseUrls({ ...ENV, DATABASE_SCHEMA: SCHEMA });
    const { writer } = databasePoolConfigs({ DATABASE_URL: writerUrl });
    const pool = new Pool(writer);
    try {
      const { rows } = await pool.query<Identity>(IDENTITY_SQL);
      expect(rows[0]).toEqual({ current_user: ROLE, current_database: DATABASE, current_schema: SCHEMA });
    } finally {
      await pool.end();
    }
  });

  it('connects to a reader that inherits every writer field', async () => {
    const { readerUrl } = await resolveDatabaseUrls({ ...ENV, DATABASE_HOST_READ_REPLICA: '127.0.0.1' });
    const client = new Client({ connectionString: readerUrl });
    await client.connect();
    try {
      const { rows } = await client.query<Identity>(IDENTITY_SQL);
      expect(rows[0]).toMatchObject({ current_user: ROLE, current_database: DATABASE });
    } finally {
      await client.end();
    }
  });
});
