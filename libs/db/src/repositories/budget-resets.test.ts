import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addTeamMember, BUDGET_RESET_ORDER, createPostgresTestDatabase, findBudgetById, findCustomerById, findKeyByHash, findOrganizationById, findTeamMembership, hashApiKey, insertBudget, insertCustomer, insertKey, insertOrganization, insertTeam, insertUser, latestOutboxId, openDatabase, readOutboxAfter, requirePostgres, resetDueBudgets, type OpenedDatabase, type PostgresTestDatabase } from '../index.ts';
import { COUNTER_ENTITIES } from './spend-totals.ts';

const pg = await requirePostgres();

describe("the budget reset's lock order", () => {
  it("writes every counter in the spend flush's order, so the two never deadlock", () => {
    expect(BUDGET_RESET_ORDER).toEqual([...COUNTER_ENTITIES]);
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

  it("starts a budget row's new period: the organizations, team members and end users on it spend from 0 again", async () => {
    // Between the first test's resets (its keys are due again at 13:00 and on July 1st).
    const now = new Date('2026-06-01T12:30:00Z');
    const due = await insertBudget(database.db, { maxBudget: '5', budgetDuration: '1d', budgetResetAt: new Date('2026-06-01T12:00:00Z') });
    const notDue = await insertBudget(database.db, { maxBudget: '5', budgetDuration: '1d', budgetResetAt: new Date('2026-06-02T00:00:00Z') });
    const org = await insertOrganization(database.db, { alias: 'o', budgetId: due.id, spend: '4' });
    const otherOrg = await insertOrganization(database.db, { alias: 'o2', budgetId: notDue.id, spend: '3' });
    const team = await insertTeam(database.db, {});
    const user = await insertUser(database.db, {});
    await addTeamMember(database.db, { teamId: team.id, userId: user.id });
    await database.db.execute(sql`update team_memberships set budget_id = ${due.id}, spend = 2 where team_id = ${team.id}`);
    const customer = await insertCustomer(database.db, { id: `cust-${randomUUID()}`, budgetId: due.id, spend: '1.5' });
    const before = await latestOutboxId(database.db);
    expect(await resetDueBudgets(database.db, now)).toBe(1);
    expect((await findBudgetById(database.db, due.id))?.budgetResetAt?.toISOString()).toBe('2026-06-02T12:30:00.000Z');
    expect(Number((await findOrganizationById(database.db, org.id))?.spend)).toBe(0);
    expect(Number((await findOrganizationById(database.db, otherOrg.id))?.spend)).toBe(3);
    expect(Number((await findTeamMembership(database.db, team.id, user.id))?.spend)).toBe(0);
    expect(Number((await findCustomerById(database.db, customer.id))?.spend)).toBe(0);
    const events = (await readOutboxAfter(database.db, before)).map((e) => [e.entityType, e.entityId]);
    expect(events).toEqual([['budget', due.id], ['organization', org.id], ['team', team.id], ['customer', customer.id]]);
    expect(await resetDueBudgets(database.db, now)).toBe(0);
  });
});
