import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client } from 'pg';
import { findMigrationsFolder } from '../migrations/migrations-folder.ts';
import { migrationsFingerprint } from './migrations-fingerprint.ts';
import { requirePostgres } from './require-postgres.ts';

export interface PostgresTestDatabase {
  readonly name: string;
  /** Trust-auth URL of the new database, for `DATABASE_URL`. */
  readonly url: string;
  /** A fresh superuser client on the maintenance database (caller ends it). */
  admin(): Promise<Client>;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

/** Any constant: serializes template builds and clones across test workers and engineers. */
const TEMPLATE_LOCK = 7353811420510;
const TEST_DATABASE_PREFIX = 'sb_test_';
/** Test databases a crashed run left behind are dropped once they are this old. */
const ABANDONED_AFTER_MS = 2 * 60 * 60 * 1000;

function urlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function dropAbandoned(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [TEST_DATABASE_PREFIX]);
  const adminDb = drizzle({ client: admin });
  for (const { datname } of rows) {
    const createdAt = Number(datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0]);
    if (Number.isFinite(createdAt) && Date.now() - createdAt > ABANDONED_AFTER_MS) {
      await adminDb.execute(sql`drop database if exists ${sql.identifier(datname)} with (force)`);
    }
  }
}

/** Builds (once per migration set) a migrated template database and returns its name. */
async function ensureTemplate(admin: Client, adminUrl: string): Promise<string> {
  const folder = findMigrationsFolder();
  const template = `sb_template_${migrationsFingerprint(folder)}`;
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [template]);
  if (rowCount) return template;
  const building = `${template}_building`;
  const adminDb = drizzle({ client: admin });
  await adminDb.execute(sql`drop database if exists ${sql.identifier(building)} with (force)`);
  await adminDb.execute(sql`create database ${sql.identifier(building)}`);
  const client = await connect(urlFor(adminUrl, building));
  try {
    await migrate(drizzle({ client }), { migrationsFolder: folder });
  } finally {
    await client.end();
  }
  await adminDb.execute(sql`alter database ${sql.identifier(building)} rename to ${sql.identifier(template)}`);
  // Templates of older migration sets are rebuilt on demand if a checkout still needs them.
  const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1) and datname <> $2', ['sb_template_', template]);
  for (const { datname } of rows) await adminDb.execute(sql`drop database if exists ${sql.identifier(datname)} with (force)`);
  return template;
}

/**
 * A database of its own for one test file on the local PostgreSQL: a clone of a template migrated once
 * per migration set (`CREATE DATABASE ... TEMPLATE`), or an empty one with `{ migrated: false }`.
 * Call `requirePostgres()` first.
 */
export async function createPostgresTestDatabase({ migrated = true }: { migrated?: boolean } = {}): Promise<PostgresTestDatabase> {
  const { adminUrl } = await requirePostgres();
  const name = `${TEST_DATABASE_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = await connect(adminUrl);
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    await dropAbandoned(admin);
    const adminDb = drizzle({ client: admin });
    if (migrated) {
      const template = await ensureTemplate(admin, adminUrl);
      await adminDb.execute(sql`create database ${sql.identifier(name)} template ${sql.identifier(template)}`);
    } else {
      await adminDb.execute(sql`create database ${sql.identifier(name)}`);
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: urlFor(adminUrl, name),
    admin: () => connect(adminUrl),
    async drop() {
      const client = await connect(adminUrl);
      try {
        await drizzle({ client }).execute(sql`drop database if exists ${sql.identifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
