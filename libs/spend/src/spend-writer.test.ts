import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, eventOfSpendLine, findSpendLog, insertKey, insertSpendBatch, insertSpendJournalLines, openDatabase, requirePostgres, findKeyByHash, hashApiKey, type OpenedDatabase, type PostgresTestDatabase, type SpendBatchResult, type SpendRowInput } from '@switchboard/db';
import { FolderLockedError, uuidV7 } from '@switchboard/service-kit';
import type { CallRecord } from '@switchboard/contracts';
import { spendLineFromCall } from './spend-line-from-call.ts';
import { spendRowFromCall } from './spend-row-from-call.ts';
import { batchesOfChunks, SpendWriter } from './spend-writer.ts';
import { sampleCall } from './testing/sample-call.ts';

const pg = await requirePostgres();
/** The journal's files, without its lock file. */
const segments = (dir: string) => readdirSync(dir).filter((name) => name !== '.lock');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

describe.skipIf(!pg.available)('SpendWriter against PostgreSQL', () => {
  let testDb: PostgresTestDatabase;
  let database: OpenedDatabase;
  const rawKey = `sk-${randomUUID()}`;
  const keyHash = hashApiKey(rawKey);

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    database = openDatabase({ DATABASE_URL: testDb.url }, { logger: silent });
    await insertKey(database.db, { rawKey, alias: 'spend-test' });
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const row = (spend = '0.001000000'): SpendRowInput => ({ requestId: uuidV7(), startTime: new Date(), endTime: new Date(), keyHash, model: 'gpt-4o', modelGroup: 'gpt-4o', promptTokens: 10, completionTokens: 5, totalTokens: 15, spend, status: 'success' });
  const writerFor = (dir: string, insert: (lines: string | Buffer) => Promise<SpendBatchResult> = (lines) => insertSpendJournalLines(database.db, lines)) => new SpendWriter({ journalDir: dir, insertLines: insert, intervalMs: 60_000 });
  /** Stores what it is sent, and keeps each batch's lines as text in `sent`. */
  const recording = (sent: string[]) => async (lines: string | Buffer) => {
    sent.push(String(lines));
    return insertSpendJournalLines(database.db, lines);
  };
  const keySpend = async () => Number((await findKeyByHash(database.db, keyHash))?.spend);

  it('journals every row, flushes in batches and empties the journal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const before = await keySpend();
    const writer = writerFor(dir);
    await Promise.all(Array.from({ length: 25 }, () => writer.record(row())));
    expect(segments(dir)).toHaveLength(1);
    await writer.flush(true);
    expect(segments(dir)).toHaveLength(0);
    expect((await keySpend()) - before).toBeCloseTo(0.025, 9);
    await writer.close();
  });

  it('sends its own rows to the database as the journal lines they were written as, and stores what the rows say', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const sent: string[] = [];
    const writer = writerFor(dir, recording(sent));
    const full = (): SpendRowInput => ({
      ...row('0.0000123'),
      responseId: 'chatcmpl-1',
      timeToFirstTokenMs: 12,
      userId: null,
      endUser: 'end-user-1',
      provider: 'openai',
      deploymentId: 'dep-1',
      callType: '/v1/chat/completions',
      cacheHit: false,
      metadata: { user_api_key_alias: 'spend-test', attempts: 1, client: { tag: 'a"b' } },
    });
    const journaled = full();
    await writer.record(journaled);
    await writer.flush(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBe(`${JSON.stringify(journaled)}\n`);
    // The same row through the objects (no lines) stores the same columns.
    const direct = { ...full(), startTime: journaled.startTime, endTime: journaled.endTime };
    await insertSpendBatch(database.db, [direct]);
    const viaLines = await findSpendLog(database.db, journaled.requestId);
    const viaObjects = await findSpendLog(database.db, direct.requestId);
    expect(viaLines).toBeDefined();
    expect({ ...viaLines, requestId: 'x', id: 0 }).toEqual({ ...viaObjects, requestId: 'x', id: 0 });
    expect(viaLines).toMatchObject({ responseId: 'chatcmpl-1', timeToFirstTokenMs: 12, endUser: 'end-user-1', cacheHit: false, promptTokens: 10, metadata: { client: { tag: 'a"b' } } });
    await writer.close();
  });

  it("sends a call's line from spendLineFromCall as it is, and stores what its row says (the same as the general path)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const sent: string[] = [];
    const writer = writerFor(dir, recording(sent));
    const call = (): CallRecord => ({ ...sampleCall, requestId: uuidV7(), principal: { kind: 'virtual_key', keyHash, keyAlias: 'spend-test' }, responseId: 'chatcmpl-2', usage: { promptTokens: 7, completionTokens: 3, totalTokens: 10 }, costNanoUsd: 4_200, metadata: { tag: 'a"b' } });
    const viaLine = call();
    const line = spendLineFromCall(viaLine) as string;
    await writer.recordLine(line);
    await writer.flush(true);
    expect(sent).toEqual([`${line}\n`]);
    // The same call through the general path (the row object, then record) stores the same columns.
    const viaRow = call();
    await writer.record(spendRowFromCall(viaRow) as SpendRowInput);
    await writer.flush(true);
    const fromLine = await findSpendLog(database.db, viaLine.requestId);
    const fromRow = await findSpendLog(database.db, viaRow.requestId);
    expect(fromLine).toMatchObject({ responseId: 'chatcmpl-2', endUser: 'customer-1', promptTokens: 7, spend: '0.0000042000', metadata: { user_api_key_alias: 'spend-test', client: { tag: 'a"b' } } });
    expect({ ...fromLine, requestId: 'x', id: 0 }).toEqual({ ...fromRow, requestId: 'x', id: 0 });
    await writer.close();
    await expect(writer.recordLine(line)).rejects.toThrow(/closed/);
  });

  it("reads a segment from its file when a row in it is not the gateway's own (defaults to fill), and sends it filled in", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const sent: string[] = [];
    const writer = writerFor(dir, recording(sent));
    const own: SpendRowInput = { ...row(), cacheHit: false, metadata: {} };
    const partial = row(); // no cacheHit, no metadata: read, defaults filled
    await Promise.all([writer.record(own), writer.record(partial)]);
    await writer.flush(true);
    expect(sent).toHaveLength(1);
    const lines = (sent[0] as string).split('\n').map((line) => eventOfSpendLine(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.requestId, line.cacheHit, line.metadata])).toEqual([
      [own.requestId, false, {}],
      [partial.requestId, false, {}],
    ]);
    expect(await findSpendLog(database.db, partial.requestId)).toMatchObject({ cacheHit: false });
    await writer.close();
  });

  it("sends its own rows in batches of whole writes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const sent: string[] = [];
    const writer = new SpendWriter({ journalDir: dir, batchSize: 2, intervalMs: 60_000, insertLines: recording(sent) });
    const own = (): SpendRowInput => ({ ...row(), cacheHit: false, metadata: {} });
    await writer.record(own());
    await Promise.all([writer.record(own()), writer.record(own())]);
    await writer.record(own());
    await writer.flush(true);
    // Writes of 1, 2 and 1 rows: the first batch reaches 2 rows only with the second write, whole.
    expect(sent.map((lines) => lines.trim().split('\n').length)).toEqual([3, 1]);
    expect(segments(dir)).toHaveLength(0);
    await writer.close();
  });

  it('stores a row carrying text PostgreSQL cannot hold (U+0000, a lone surrogate) with U+FFFD in its place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const before = await keySpend();
    const writer = writerFor(dir);
    const odd: SpendRowInput = { ...row('0.5'), endUser: 'end\u0000user', cacheHit: false, metadata: { client: { 'k\u0000': 'a\u0000b', lone: '\ud800' } } };
    await Promise.all([writer.record(row()), writer.record(odd)]);
    await writer.flush(true);
    expect(segments(dir)).toHaveLength(0);
    expect(await findSpendLog(database.db, odd.requestId)).toMatchObject({ endUser: 'end\uFFFDuser', metadata: { client: { 'k\uFFFD': 'a\uFFFDb', lone: '\uFFFD' } } });
    expect((await keySpend()) - before).toBeCloseTo(0.501, 9);
    await writer.close();
  });

  it('moves rows the database refuses to a quarantine file and stores the rest of their batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const before = await keySpend();
    const quarantined: number[] = [];
    let calls = 0;
    const writer = new SpendWriter({
      journalDir: dir,
      intervalMs: 60_000,
      onQuarantined: (_file, count) => quarantined.push(count),
      insertLines: async (lines) => {
        calls++;
        // As PostgreSQL refuses data it cannot store (SQLSTATE class 22), for any batch holding the marked row.
        if (String(lines).includes('refuse-me')) throw Object.assign(new Error('invalid input syntax for type json'), { code: '22P02' });
        return insertSpendJournalLines(database.db, lines);
      },
    });
    const own = (metadata: Record<string, unknown> = {}): SpendRowInput => ({ ...row(), cacheHit: false, metadata });
    await Promise.all([writer.record(own()), writer.record(own({ tag: 'refuse-me' })), writer.record(own())]);
    await writer.flush(true);
    expect(quarantined).toEqual([1]);
    expect(calls).toBe(4); // the batch, then its three rows one by one
    expect(segments(dir).filter((name) => name.startsWith('rejected-'))).toHaveLength(1);
    expect(segments(dir).filter((name) => !name.startsWith('rejected-'))).toHaveLength(0);
    expect((await keySpend()) - before).toBeCloseTo(0.002, 9);
    await writer.close();
  });

  it('keeps a failed batch on disk and retries it without billing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const before = await keySpend();
    let failNext = true;
    const writer = writerFor(dir, async (lines) => {
      const result = await insertSpendJournalLines(database.db, lines);
      if (failNext) {
        // The batch reached the database but the answer was lost: the retry must not bill again.
        failNext = false;
        throw new Error('connection reset after commit');
      }
      return result;
    });
    await Promise.all(Array.from({ length: 10 }, () => writer.record(row())));
    await expect(writer.flush(true)).rejects.toThrow('connection reset');
    expect(segments(dir)).toHaveLength(1);
    await writer.flush(true);
    expect(segments(dir)).toHaveLength(0);
    expect((await keySpend()) - before).toBeCloseTo(0.01, 9);
    await writer.close();
  });

  it('resolves each record only once its line is on disk, and writes the lines of one turn together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const writer = writerFor(dir);
    const rows = Array.from({ length: 40 }, () => row());
    const linesWhenResolved: number[] = [];
    const lines = () => segments(dir).reduce((n, name) => n + readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean).length, 0);
    const written = rows.map((r) => writer.record(r).then(() => linesWhenResolved.push(lines())));
    expect(lines()).toBe(0); // nothing written within the turn: the answers wait
    await Promise.all(written);
    expect(linesWhenResolved.every((n) => n === 40)).toBe(true); // one write carried all 40
    const journaled = readFileSync(join(dir, segments(dir)[0] as string), 'utf8').trim().split('\n').map((line) => JSON.parse(line).requestId);
    expect(journaled).toEqual(rows.map((r) => r.requestId));
    await writer.close();
  });

  it('replays what a killed process left, skipping a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const before = await keySpend();
    const crashed = writerFor(dir);
    await Promise.all(Array.from({ length: 7 }, () => crashed.record(row())));
    // No close(): the process "died", leaving its lock file, and a half-written line at the end, as a kill
    // mid-write leaves.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: Number(dead.stdout), startedAt: new Date().toISOString() }));
    const [segment] = segments(dir);
    appendFileSync(join(dir, segment as string), '{"requestId":"0190');
    const restarted = writerFor(dir);
    await restarted.flush(true);
    expect(segments(dir)).toHaveLength(0);
    expect((await keySpend()) - before).toBeCloseTo(0.007, 9);
    await restarted.close();
  });

  it('replays a segment of typed lines and JSON lines (written before typed lines were), skipping a torn typed line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const crashed = writerFor(dir);
    const calls = Array.from({ length: 3 }, (): CallRecord => ({ ...sampleCall, requestId: uuidV7(), principal: { kind: 'virtual_key', keyHash }, costNanoUsd: 1_000_000 }));
    await Promise.all(calls.map((call) => crashed.recordCall(call)));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: Number(dead.stdout), startedAt: new Date().toISOString() }));
    const [segment] = segments(dir);
    const older = { ...row(), cacheHit: false, metadata: {} };
    const torn = (spendLineFromCall({ ...sampleCall, requestId: uuidV7(), principal: { kind: 'virtual_key', keyHash } }) as string).slice(0, 120);
    appendFileSync(join(dir, segment as string), `${JSON.stringify(older)}\n${torn}`);
    const tornLines: number[] = [];
    const restarted = new SpendWriter({ journalDir: dir, intervalMs: 60_000, insertLines: (lines) => insertSpendJournalLines(database.db, lines), onTornLines: (_segment, count) => tornLines.push(count) });
    await restarted.flush(true);
    expect(segments(dir)).toHaveLength(0);
    expect(tornLines).toEqual([1]);
    for (const { requestId } of [...calls, older]) expect(await findSpendLog(database.db, requestId)).toMatchObject({ requestId });
    await restarted.close();
  });

  it('moves an event the database can never accept to a quarantine file instead of blocking the segment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const before = await keySpend();
    const quarantined: number[] = [];
    const writer = new SpendWriter({ journalDir: dir, insertLines: (lines) => insertSpendJournalLines(database.db, lines), intervalMs: 60_000, onQuarantined: (_file, count) => quarantined.push(count) });
    await Promise.all([writer.record(row()), writer.record({ ...row(), requestId: 'not-a-uuid' }), writer.record(row())]);
    await writer.flush(true);
    expect(quarantined).toEqual([1]);
    expect(segments(dir).filter((name) => name.startsWith('rejected-'))).toHaveLength(1);
    expect(segments(dir).filter((name) => name.endsWith('.lines'))).toHaveLength(0);
    expect((await keySpend()) - before).toBeCloseTo(0.002, 9);
    await writer.close();
  });

  it('flushes on close and leaves the journal in place when the database stays away', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const writer = writerFor(dir, async () => {
      throw new Error('database is down');
    });
    void writer.record(row()); // not awaited: close() must still write it
    await writer.close(300);
    expect(segments(dir)).toHaveLength(1);
    const later = writerFor(dir);
    await later.flush(true);
    expect(segments(dir)).toHaveLength(0);
    await later.close();
  });
});

describe('the spend journal folder', () => {
  it('belongs to one writer at a time: a second one is refused until the first closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const insertLines = async (lines: string | Buffer) => ({ inserted: String(lines).trim().split('\n').map(() => 'x'), duplicates: 0 });
    const first = new SpendWriter({ journalDir: dir, insertLines, intervalMs: 60_000 });
    expect(() => new SpendWriter({ journalDir: dir, insertLines, intervalMs: 60_000 })).toThrow(FolderLockedError);
    expect(() => new SpendWriter({ journalDir: dir, insertLines, intervalMs: 60_000 })).toThrow('give each gateway process its own SPEND_JOURNAL_DIR');
    await first.close();
    const second = new SpendWriter({ journalDir: dir, insertLines, intervalMs: 60_000 });
    await second.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('batchesOfChunks', () => {
  it('joins whole write chunks into batches one at a time, letting each chunk go once it is in a batch', () => {
    const chunk = (text: string, rows: number) => ({ bytes: Buffer.from(text), rows });
    const chunks = [chunk('a\nb\n', 2), chunk('c\n', 1), chunk('d\ne\nf\n', 3), chunk('g\n', 1)];
    const batches = batchesOfChunks(chunks, 3);
    expect(String(batches.next().value)).toBe('a\nb\nc\n');
    expect(chunks.slice(0, 2)).toEqual([undefined, undefined]);
    expect(chunks[2]).toBeDefined(); // the next batch is not made until it is asked for
    expect([...batches].map(String)).toEqual(['d\ne\nf\n', 'g\n']);
    expect(chunks.every((left) => left === undefined)).toBe(true);
  });
});
