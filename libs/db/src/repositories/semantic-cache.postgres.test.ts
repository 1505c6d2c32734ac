import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@switchboard/service-kit';
import { openDatabase, type OpenedDatabase } from '../open-database.ts';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../testing/postgres-test-database.ts';
import { requirePostgres } from '../testing/require-postgres.ts';
import { ensureSemanticCacheSchema, SemanticCacheUnavailableError } from './semantic-cache.ts';

// Under CI=true this throws when PostgreSQL is missing, so the file fails rather than skips.
const postgres = await requirePostgres();

// The local PostgreSQL has no pgvector: the semantic cache must say so, and leave the migrated database as it was.
describe.skipIf(!postgres.available)('the semantic cache on a PostgreSQL without pgvector', () => {
  let testDb: PostgresTestDatabase;
  let database: OpenedDatabase;

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    database = openDatabase({ DATABASE_URL: testDb.url, DATABASE_POOL_SIZE: '2' }, { logger: createLogger('test', { level: 'silent' }) });
  });

  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('the server really lacks the extension (else this file tests nothing)', async () => {
    const listed = await database.db.select({ name: sql<string>`name` }).from(sql`pg_available_extensions`).where(sql`name = 'vector'`);
    expect(listed).toEqual([]);
  });

  it('refuses with a typed error that names pgvector and both ways out, and creates nothing', async () => {
    const attempt = ensureSemanticCacheSchema(database.db, { dimensions: 1536 });
    await expect(attempt).rejects.toBeInstanceOf(SemanticCacheUnavailableError);
    const message = await attempt.catch((err: Error) => err.message);
    expect(message).toContain('needs the pgvector extension');
    expect(message).toContain('pg_available_extensions does not list it');
    expect(message).toContain('CREATE EXTENSION vector');
    expect(message).toContain('cache_params.type `local` or `redis`');
    const [table] = await database.db.select({ found: sql<string | null>`to_regclass('switchboard_semantic_cache')::text` }).from(sql`(select 1) as one`);
    expect(table?.found).toBeNull();
  });

  it('keeps the migrated database working after the refusal', async () => {
    const [migrations] = await database.db.select({ count: sql<number>`count(*)::integer` }).from(sql`drizzle.__drizzle_migrations`);
    expect(migrations?.count).toBeGreaterThan(0);
    await expect(ensureSemanticCacheSchema(database.db, { dimensions: 8 })).rejects.toBeInstanceOf(SemanticCacheUnavailableError);
    await expect(database.check()).resolves.toEqual({ ok: true, detail: 'connected' });
  });
});
