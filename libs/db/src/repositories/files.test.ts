import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@switchboard/service-kit';
import type { Database } from '../database.ts';
import { openDatabase, type OpenedDatabase } from '../open-database.ts';
import { createPgliteTestDatabase, type PgliteTestDatabase } from '../testing/pglite-test-database.ts';
import { createPgliteSocketDatabase, type PgliteSocketDatabase } from '../testing/pglite-socket-database.ts';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../testing/postgres-test-database.ts';
import { requirePostgres } from '../testing/require-postgres.ts';
import { deleteExpiredFiles, deleteFile, findFile, insertFile, listFiles, readFileContent } from './files.ts';

const postgres = await requirePostgres();
const silent = createLogger('test', { level: 'silent' });

/** The files API's store on every engine the gateway runs on: the embedded default in process and over its socket, and PostgreSQL. */
const engines: [string, () => Promise<{ db: Database; close(): Promise<void> }>, boolean][] = [
  ['in-process PGlite', async () => {
    const pglite: PgliteTestDatabase = await createPgliteTestDatabase();
    return { db: pglite.db, close: () => pglite.close() };
  }, true],
  ['node-postgres over pglite-socket', async () => {
    const served: PgliteSocketDatabase = await createPgliteSocketDatabase();
    const opened: OpenedDatabase = openDatabase({ DATABASE_URL: served.url, DATABASE_POOL_SIZE: '2' }, { logger: silent });
    return { db: opened.db, close: async () => { await opened.close(); await served.close(); } };
  }, true],
  ['PostgreSQL', async () => {
    const database: PostgresTestDatabase = await createPostgresTestDatabase();
    const opened = openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '2' }, { logger: silent });
    return { db: opened.db, close: async () => { await opened.close(); await database.drop(); } };
  }, postgres.available],
];

describe.each(engines)('files on %s', (_name, open, available) => {
  let db: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (!available) return;
    ({ db, close } = await open());
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(!available)('keeps the bytes exactly, and answers each owner only its own files', async () => {
    const content = Buffer.from([0, 1, 2, 255, 10, 13, 0x7b, 0x7d]);
    const record = await insertFile(db, { id: 'file-a', purpose: 'batch', filename: 'a.jsonl', content, teamId: 'team-1', userId: 'u1', keyHash: 'k1' });
    expect(record).toMatchObject({ id: 'file-a', bytes: 8, purpose: 'batch', filename: 'a.jsonl', teamId: 'team-1' });
    expect(Buffer.compare((await readFileContent(db, 'file-a', { teamId: 'team-1' })) as Buffer, content)).toBe(0);
    await insertFile(db, { id: 'file-u', purpose: 'user_data', filename: 'u.txt', content: Buffer.from('mine'), userId: 'u1', keyHash: 'k2' });
    await insertFile(db, { id: 'file-k', purpose: 'user_data', filename: 'k.txt', content: Buffer.from('key'), keyHash: 'k3' });
    // A team's file is the team's, not its uploader's personal file; a user's is not another key-only owner's.
    expect(await findFile(db, 'file-a', { userId: 'u1' })).toBeUndefined();
    expect(await findFile(db, 'file-a', { teamId: 'team-2' })).toBeUndefined();
    expect((await findFile(db, 'file-u', { userId: 'u1' }))?.id).toBe('file-u');
    expect(await findFile(db, 'file-u', { keyHash: 'k2' })).toBeUndefined();
    expect((await findFile(db, 'file-k', { keyHash: 'k3' }))?.id).toBe('file-k');
    expect(await readFileContent(db, 'file-k', { teamId: 'team-1' })).toBeUndefined();
    expect((await findFile(db, 'file-k', 'all'))?.id).toBe('file-k');
    expect(await deleteFile(db, 'file-a', { teamId: 'team-2' })).toBe(false);
    expect(await deleteFile(db, 'file-a', { teamId: 'team-1' })).toBe(true);
    expect(await findFile(db, 'file-a', 'all')).toBeUndefined();
  });

  it.skipIf(!available)('pages by cursor, newest first or oldest first, within a purpose', async () => {
    for (const n of [1, 2, 3, 4, 5]) await insertFile(db, { id: `file-p${n}`, purpose: n % 2 ? 'batch' : 'fine-tune', filename: `${n}.jsonl`, content: Buffer.from(`${n}`), teamId: 'pager' });
    const ids = async (listing: Partial<Parameters<typeof listFiles>[1]>) => (await listFiles(db, { scope: { teamId: 'pager' }, limit: 10, order: 'desc', ...listing })).map((file) => file.id);
    expect(await ids({})).toEqual(['file-p5', 'file-p4', 'file-p3', 'file-p2', 'file-p1']);
    expect(await ids({ limit: 2, after: 'file-p4' })).toEqual(['file-p3', 'file-p2']);
    expect(await ids({ order: 'asc', after: 'file-p2' })).toEqual(['file-p3', 'file-p4', 'file-p5']);
    expect(await ids({ purpose: 'batch' })).toEqual(['file-p5', 'file-p3', 'file-p1']);
    expect(await ids({ after: 'file-nope' })).toEqual([]);
  });

  it.skipIf(!available)('hides an expired file at once and sweeps it', async () => {
    await insertFile(db, { id: 'file-old', purpose: 'batch', filename: 'old.jsonl', content: Buffer.from('x'), teamId: 'exp', expiresAt: new Date(Date.now() - 1000) });
    expect(await findFile(db, 'file-old', 'all')).toBeUndefined();
    expect(await deleteExpiredFiles(db)).toBeGreaterThanOrEqual(1);
  });
});
