import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_RESET_ORDER, createPostgresTestDatabase, findKeyByHash, hashApiKey, insertKey, latestOutboxId, openDatabase, readOutboxAfter, requirePostgres, resetDueBudgets, type OpenedDatabase, type PostgresTestDatabase } from '../index.ts';
import { COUNTER_ENTITIES } from './spend-totals.ts';

const pg = await requirePostgres();

describe("the budget reset's lock order", () => {
  it("writes teams, users and keys in the spend flush's order, so the two never deadlock", () => {
    expect(BUDGET_RESET_ORDER).toEqual(COUNTER_ENTITIES.filter((entity) => (BUDGET_RESET_ORDER as readonly string[]).includes(entity)));
    expect(BUDGET_RESET_ORDER).toEqual(['team', 'user', 'key']);
  });
});
const silent = { info: () => undefined, warn: () => undefined };

describe.skipIf(!pg.available)('resetDueBudgets', () => {
  let testDb: PostgresTestDatabase;
  let database: OpenedDatabase;
  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    database = openDatabase({ DATABASE_URL: testDb.url }, { logger: silent });
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('zeroes spend of due keys, moves the reset one duration ahead, tells the gateways, and leaves others alone', async () => {
    const due = `sk-${randomUUID()}`;
    const later = `sk-${randomUUID()}`;
    const now = new Date('2026-06-01T12:00:00Z');
    await insertKey(database.db, { rawKey: due, spend: '4.5', maxBudget: '10', budgetDuration: '30d', budgetResetAt: new Date('2026-06-01T11:00:00Z') });
    await insertKey(database.db, { rawKey: later, spend: '2', maxBudget: '10', budgetDuration: '1h', budgetResetAt: new Date('2026-06-01T13:00:00Z') });
    const before = await latestOutboxId(database.db);
    expect(await resetDueBudgets(database.db, now)).toBe(1);
    const reset = await findKeyByHash(database.db, hashApiKey(due));
    expect(Number(reset?.spend)).toBe(0);
    expect(reset?.budgetResetAt?.toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(Number((await findKeyByHash(database.db, hashApiKey(later)))?.spend)).toBe(2);
    const events = await readOutboxAfter(database.db, before);
    expect(events.map((e) => [e.entityType, e.entityId, e.action])).toEqual([['key', hashApiKey(due), 'update']]);
    expect(await resetDueBudgets(database.db, now)).toBe(0);
  });
});
