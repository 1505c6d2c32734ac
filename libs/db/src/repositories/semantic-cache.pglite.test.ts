import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@switchboard/service-kit';
import type { Database } from '../database.ts';
import { openDatabase, type OpenedDatabase } from '../open-database.ts';
import { servePglite } from '../serve-pglite.ts';
import { createPgliteTestDatabase, type PgliteTestDatabase } from '../testing/pglite-test-database.ts';
import {
  deleteSemanticCache,
  ensureSemanticCacheSchema,
  flushSemanticCache,
  lookupSemanticCache,
  pruneSemanticCache,
  SemanticCacheDimensionMismatchError,
  storeSemanticCache,
  type SemanticCachePartition,
} from './semantic-cache.ts';

// One PGlite with pgvector for the file, reached two ways: in process (drizzle's PGlite driver) and as
// `npm start` serves it, over pglite-socket through node-postgres, whose type parsing the gateway relies on.
let pglite: PgliteTestDatabase;
let server: PGLiteSocketServer;
let overSocket: OpenedDatabase;

beforeAll(async () => {
  pglite = await createPgliteTestDatabase({ pgvector: true });
  server = servePglite(pglite.pglite, { host: '127.0.0.1', port: 0, maxConnections: 10 });
  await server.start();
  overSocket = openDatabase({ DATABASE_URL: `postgresql://postgres@${server.getServerConn()}/postgres`, DATABASE_POOL_SIZE: '3' }, { logger: createLogger('test', { level: 'silent' }) });
});

afterAll(async () => {
  await overSocket?.close();
  await server?.stop();
  await pglite?.close();
});

const DIMENSIONS = 3;
const EAST = [1, 0, 0];
/** Cosine similarity to EAST: 0.9939. */
const EAST_BY_NORTH = [0.9, 0.1, 0];
const NORTH = [0, 1, 0];
const team = (scope: string): SemanticCachePartition => ({ scope, modelGroup: 'gpt-4o', namespace: '' });
const answer = (text: string) => ({ body: { choices: [{ message: { content: text } }] }, costNanoUsd: 12, storedAt: 1 });

describe.each([
  ['in-process PGlite', () => pglite.db],
  ['node-postgres over pglite-socket', () => overSocket.db],
] as const)('the semantic cache on %s', (_name, database: () => Database) => {
  let db: Database;

  beforeAll(async () => {
    db = database();
    await ensureSemanticCacheSchema(db, { dimensions: DIMENSIONS });
  });

  beforeEach(async () => {
    await flushSemanticCache(db);
  });

  it('creates its table and indexes once: a second call changes nothing', async () => {
    await ensureSemanticCacheSchema(db, { dimensions: DIMENSIONS });
    const indexes = await db
      .select({ name: sql<string>`indexname`, definition: sql<string>`indexdef` })
      .from(sql`pg_indexes`)
      .where(sql`tablename = 'switchboard_semantic_cache'`)
      .orderBy(sql`indexname`);
    expect(indexes.map((index) => index.name)).toEqual([
      'switchboard_semantic_cache_cache_key_idx',
      'switchboard_semantic_cache_embedding_idx',
      'switchboard_semantic_cache_expires_at_idx',
      'switchboard_semantic_cache_partition_key_idx',
      'switchboard_semantic_cache_pkey',
    ]);
    expect(indexes.find((index) => index.name === 'switchboard_semantic_cache_embedding_idx')?.definition).toContain('USING hnsw (embedding vector_cosine_ops)');
  });

  it('refuses another embedding size with a typed error that says what to do', async () => {
    const attempt = ensureSemanticCacheSchema(db, { dimensions: 1536 });
    await expect(attempt).rejects.toBeInstanceOf(SemanticCacheDimensionMismatchError);
    await expect(attempt).rejects.toThrow('holds 3-dimensional embeddings but the embedding model gives 1536: drop the table');
    await expect(ensureSemanticCacheSchema(db, { dimensions: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it('stores an answer and finds it from a similar prompt above the threshold', async () => {
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'key-east', embedding: EAST, entry: answer('east'), ttlSeconds: 600 });
    const hit = await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST_BY_NORTH, threshold: 0.99 });
    expect(hit).toEqual({ cacheKey: 'key-east', entry: answer('east'), similarity: expect.closeTo(0.9939, 4) });
    expect((await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST, threshold: 0.99 }))?.similarity).toBeCloseTo(1, 6);
  });

  it('misses below the threshold', async () => {
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'key-east', embedding: EAST, entry: answer('east') });
    expect(await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST_BY_NORTH, threshold: 0.995 })).toBeUndefined();
    expect(await lookupSemanticCache(db, { ...team('team-a'), embedding: NORTH, threshold: 0.5 })).toBeUndefined();
  });

  it('answers with the nearest entry', async () => {
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'key-east', embedding: EAST, entry: answer('east') });
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'key-north', embedding: NORTH, entry: answer('north') });
    expect((await lookupSemanticCache(db, { ...team('team-a'), embedding: [0.1, 0.9, 0], threshold: 0.8 }))?.cacheKey).toBe('key-north');
    expect((await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST_BY_NORTH, threshold: 0.8 }))?.cacheKey).toBe('key-east');
  });

  it('keeps scopes apart: two teams never see each other’s answers, even under the same cache key', async () => {
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'same-key', embedding: EAST, entry: answer('for team a') });
    expect(await lookupSemanticCache(db, { ...team('team-b'), embedding: EAST, threshold: 0.5 })).toBeUndefined();
    await storeSemanticCache(db, { ...team('team-b'), cacheKey: 'same-key', embedding: EAST, entry: answer('for team b') });
    expect((await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST, threshold: 0.5 }))?.entry).toEqual(answer('for team a'));
    expect((await lookupSemanticCache(db, { ...team('team-b'), embedding: EAST, threshold: 0.5 }))?.entry).toEqual(answer('for team b'));
  });

  it('keeps model groups and namespaces apart', async () => {
    await storeSemanticCache(db, { scope: 'global', modelGroup: 'gpt-4o', namespace: 'prod', cacheKey: 'k', embedding: EAST, entry: answer('gpt-4o prod') });
    expect(await lookupSemanticCache(db, { scope: 'global', modelGroup: 'claude', namespace: 'prod', embedding: EAST, threshold: 0.5 })).toBeUndefined();
    expect(await lookupSemanticCache(db, { scope: 'global', modelGroup: 'gpt-4o', namespace: 'staging', embedding: EAST, threshold: 0.5 })).toBeUndefined();
    expect(await lookupSemanticCache(db, { scope: 'global', modelGroup: 'gpt-4o', namespace: '', embedding: EAST, threshold: 0.5 })).toBeUndefined();
    expect((await lookupSemanticCache(db, { scope: 'global', modelGroup: 'gpt-4o', namespace: 'prod', embedding: EAST, threshold: 0.5 }))?.entry).toEqual(answer('gpt-4o prod'));
  });

  it('replaces the entry when the same key is stored again in the same partition', async () => {
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'k', embedding: EAST, entry: answer('first') });
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'k', embedding: NORTH, entry: answer('second') });
    expect(await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST, threshold: 0.5 })).toBeUndefined();
    expect((await lookupSemanticCache(db, { ...team('team-a'), embedding: NORTH, threshold: 0.5 }))?.entry).toEqual(answer('second'));
    expect(await flushSemanticCache(db)).toBe(1);
  });

  it('stops answering once the ttl has passed, and prunes only what expired', async () => {
    const storedAt = new Date('2030-01-01T00:00:00Z');
    const later = (seconds: number) => new Date(storedAt.getTime() + seconds * 1000);
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'short', embedding: EAST, entry: answer('short'), ttlSeconds: 60, now: storedAt });
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'forever', embedding: NORTH, entry: answer('forever'), now: storedAt });
    expect((await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST, threshold: 0.9, now: later(59) }))?.cacheKey).toBe('short');
    expect(await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST, threshold: 0.9, now: later(60) })).toBeUndefined();
    expect(await pruneSemanticCache(db, later(59))).toBe(0);
    expect(await pruneSemanticCache(db, later(61))).toBe(1);
    expect((await lookupSemanticCache(db, { ...team('team-a'), embedding: NORTH, threshold: 0.9, now: later(10 ** 9) }))?.cacheKey).toBe('forever');
  });

  it('deletes by cache key in every scope, and counts what it removed', async () => {
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'doomed', embedding: EAST, entry: answer('a') });
    await storeSemanticCache(db, { ...team('team-b'), cacheKey: 'doomed', embedding: EAST, entry: answer('b') });
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'kept', embedding: NORTH, entry: answer('kept') });
    expect(await deleteSemanticCache(db, ['doomed', 'never-stored'])).toBe(2);
    expect(await deleteSemanticCache(db, [])).toBe(0);
    expect(await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST, threshold: 0.9 })).toBeUndefined();
    expect((await lookupSemanticCache(db, { ...team('team-a'), embedding: NORTH, threshold: 0.9 }))?.cacheKey).toBe('kept');
  });

  it('flushes everything and says how much', async () => {
    await storeSemanticCache(db, { ...team('team-a'), cacheKey: 'one', embedding: EAST, entry: answer('one') });
    await storeSemanticCache(db, { ...team('team-b'), cacheKey: 'two', embedding: NORTH, entry: answer('two') });
    expect(await flushSemanticCache(db)).toBe(2);
    expect(await flushSemanticCache(db)).toBe(0);
    expect(await lookupSemanticCache(db, { ...team('team-a'), embedding: EAST, threshold: 0 })).toBeUndefined();
  });

  it('treats hostile partition values and keys as data', async () => {
    const hostile = { scope: "x'); drop table switchboard_semantic_cache; --", modelGroup: "gpt'4o", namespace: '$1 \\ "' };
    await storeSemanticCache(db, { ...hostile, cacheKey: "'; delete from keys; --", embedding: EAST, entry: { quote: "it's" } });
    expect(await lookupSemanticCache(db, { ...hostile, embedding: EAST, threshold: 0.9 })).toMatchObject({ cacheKey: "'; delete from keys; --", entry: { quote: "it's" } });
    expect(await deleteSemanticCache(db, ["'; delete from keys; --"])).toBe(1);
  });

  it('refuses embeddings pgvector cannot compare before they reach the database', async () => {
    const store = (embedding: number[]) => storeSemanticCache(db, { ...team('team-a'), cacheKey: 'bad', embedding, entry: answer('bad') });
    await expect(store([1, Number.NaN, 0])).rejects.toThrow('embedding element 1 is not a finite number');
    await expect(store([1, Number.POSITIVE_INFINITY, 0])).rejects.toThrow('embedding element 1 is not a finite number');
    await expect(store([1, 1e39, 0])).rejects.toThrow('does not fit a single-precision float');
    await expect(store([0, 0, 0])).rejects.toThrow('all-zero embedding');
    await expect(store([1e-50, 0, 0])).rejects.toThrow('all-zero embedding');
    await expect(store([])).rejects.toThrow('at least one element');
    await expect(lookupSemanticCache(db, { ...team('team-a'), embedding: [0, 0, 0], threshold: 0.5 })).rejects.toThrow('all-zero embedding');
    await expect(lookupSemanticCache(db, { ...team('team-a'), embedding: EAST, threshold: 1.5 })).rejects.toThrow('threshold is from -1 to 1');
    await expect(storeSemanticCache(db, { ...team('team-a'), cacheKey: 'bad', embedding: EAST, entry: answer('bad'), ttlSeconds: 0 })).rejects.toThrow('ttlSeconds');
    // A wrong size is the database's to refuse: the column knows its dimensions.
    await expect(store([1, 0])).rejects.toThrow();
    expect(await flushSemanticCache(db)).toBe(0);
  });
});
