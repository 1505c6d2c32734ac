import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../database.ts';
import { decimalToUnits } from '../../money.ts';
import { readDailySpend, summarizeDailySpend } from '../../repositories/daily-spend.ts';
import { findCustomerById } from '../../repositories/customers.ts';
import { findKeyByHash, insertKey } from '../../repositories/keys.ts';
import { addTeamMember, findTeamMembership } from '../../repositories/memberships.ts';
import { findOrganizationById, insertOrganization } from '../../repositories/organizations.ts';
import { insertSpendBatch, insertSpendJournalLines, spendRowSchema, type SpendRowInput } from '../../repositories/spend.ts';
import { typedSpendLineOf } from '../../repositories/spend-typed-line.ts';
import { findSpendLog, groupSpendLogs, listSpendLogs, sumSpendLogsByTag } from '../../repositories/spend-logs.ts';
import { findTeamById, insertTeam } from '../../repositories/teams.ts';
import { findUserById, insertUser } from '../../repositories/users.ts';
import { at, rawApiKey, SPEND_DAY, uniqueId, type BackendRef } from './backend.ts';

async function entities(db: Database) {
  const org = await insertOrganization(db, { alias: uniqueId('org') });
  const team = await insertTeam(db, { alias: uniqueId('team'), organizationId: org.id });
  const user = await insertUser(db, { email: `${uniqueId('spender')}@example.test` });
  const key = await insertKey(db, { rawKey: rawApiKey(), userId: user.id, teamId: team.id, organizationId: org.id });
  await addTeamMember(db, { teamId: team.id, userId: user.id });
  return { org, team, user, key, customerId: uniqueId('end-user') };
}

type Entities = Awaited<ReturnType<typeof entities>>;

function spendRow(owner: Entities, overrides: Partial<SpendRowInput> = {}): SpendRowInput {
  return {
    requestId: randomUUID(),
    startTime: at('10:00:00'),
    endTime: at('10:00:02'),
    keyHash: owner.key.hash,
    userId: owner.user.id,
    teamId: owner.team.id,
    organizationId: owner.org.id,
    model: 'openai/gpt-4o-2024-08-06',
    modelGroup: 'gpt-4o',
    provider: 'openai',
    promptTokens: 10,
    completionTokens: 5,
    totalTokens: 15,
    spend: '0.1',
    status: 'success',
    ...overrides,
  };
}

const units = (value: string | undefined) => decimalToUnits(value ?? 'NaN');

export function spendCases(backend: BackendRef): void {
  describe('spend', () => {
    it('inserts a batch and adds it, exactly, to every counter and daily total', async () => {
      const { db } = backend();
      const owner = await entities(db);
      const group = uniqueId('group');
      const rows = [
        spendRow(owner, { modelGroup: group, spend: '0.1' }),
        spendRow(owner, { modelGroup: group, spend: '0.2', cacheHit: true }),
        spendRow(owner, { modelGroup: null, model: `${group}-raw`, spend: '0.0000000001', status: 'failure', endUser: owner.customerId }),
      ];
      const result = await insertSpendBatch(db, rows);
      expect(result).toEqual({ inserted: rows.map((row) => row.requestId), duplicates: 0 });

      const total = units('0.3000000001');
      expect(units((await findKeyByHash(db, owner.key.hash))?.spend)).toBe(total);
      expect(units((await findUserById(db, owner.user.id))?.spend)).toBe(total);
      expect(units((await findTeamById(db, owner.team.id))?.spend)).toBe(total);
      // The member's spend in the team: what their own budget there (max_budget_in_team) is held to.
      expect(units((await findTeamMembership(db, owner.team.id, owner.user.id))?.spend)).toBe(total);
      expect(units((await findOrganizationById(db, owner.org.id))?.spend)).toBe(total);
      expect(units((await findCustomerById(db, owner.customerId))?.spend)).toBe(units('0.0000000001'));
      expect((await findKeyByHash(db, owner.key.hash))?.modelSpend).toEqual({ [group]: '0.3', [`${group}-raw`]: '0.0000000001' });
      expect((await findKeyByHash(db, owner.key.hash))?.lastActiveAt?.toISOString()).toBe(at('10:00:02').toISOString());

      const daily = await readDailySpend(db, { entityType: 'team', entityIds: [owner.team.id], from: SPEND_DAY, to: SPEND_DAY });
      expect(daily.map((row) => [row.model, units(row.spend), row.requests, row.successes, row.failures, row.cacheHits, row.totalTokens])).toEqual([
        [group, units('0.3'), 2, 2, 0, 1, 30],
        [`${group}-raw`, units('0.0000000001'), 1, 0, 1, 0, 15],
      ]);
      const global = await readDailySpend(db, { entityType: 'global', entityIds: [''], model: group, from: SPEND_DAY, to: SPEND_DAY });
      expect(global.map((row) => [row.requests, units(row.spend)])).toEqual([[2, units('0.3')]]);
    });

    it('changes nothing twice when a batch is retried, and counts only the new rows of a mixed batch', async () => {
      const { db } = backend();
      const owner = await entities(db);
      const first = [spendRow(owner, { spend: '0.25' }), spendRow(owner, { spend: '0.5' })];
      await insertSpendBatch(db, first);
      expect(await insertSpendBatch(db, first)).toEqual({ inserted: [], duplicates: 2 });
      const fresh = spendRow(owner, { spend: '1' });
      expect(await insertSpendBatch(db, [first[0] as SpendRowInput, fresh])).toEqual({ inserted: [fresh.requestId], duplicates: 1 });
      expect(units((await findKeyByHash(db, owner.key.hash))?.spend)).toBe(units('1.75'));
      const [daily] = await readDailySpend(db, { entityType: 'key', entityIds: [owner.key.hash], from: SPEND_DAY, to: SPEND_DAY });
      expect(daily?.requests).toBe(3);
    });

    it('buckets daily totals by the UTC day a request started, and counts a team member only once both ids are set', async () => {
      const { db } = backend();
      const owner = await entities(db);
      const next = new Date(at('00:00:00').getTime() + 86_400_000);
      const lastSecond = new Date(next.getTime() - 1_000);
      await insertSpendBatch(db, [
        spendRow(owner, { startTime: lastSecond, endTime: new Date(next.getTime() + 1_000), spend: '0.5' }),
        spendRow(owner, { startTime: next, endTime: next, spend: '0.25', status: 'failure', cacheHit: true }),
        spendRow(owner, { userId: null, spend: '1' }),
      ]);
      const nextDay = next.toISOString().slice(0, 10);
      const daily = await readDailySpend(db, { entityType: 'key', entityIds: [owner.key.hash], from: SPEND_DAY, to: nextDay });
      expect(daily.map((row) => [row.day, units(row.spend), row.requests, row.successes, row.failures, row.cacheHits])).toEqual([
        [SPEND_DAY, units('1.5'), 2, 2, 0, 0],
        [nextDay, units('0.25'), 1, 0, 1, 1],
      ]);
      expect((await findKeyByHash(db, owner.key.hash))?.lastActiveAt?.toISOString()).toBe(new Date(next.getTime() + 1_000).toISOString());
      expect(units((await findTeamMembership(db, owner.team.id, owner.user.id))?.spend)).toBe(units('0.75'));
    });

    it('stores rows sent as the journal holds them: typed lines, JSON lines or both, as text or as their UTF-8 bytes', async () => {
      const { db } = backend();
      const owner = await entities(db);
      const rows = [
        spendRow(owner, { spend: '0.5', endUser: 'ünïcode \\ end user 🙂', cacheHit: true, metadata: { note: 'line\nbreak\ttab' }, timeToFirstTokenMs: 12, requestBody: { messages: ['hi'] } }),
        spendRow(owner, { spend: '0.25', cacheHit: false, metadata: {} }),
        spendRow(owner, { spend: '0.125', endUser: 'tab\tuser', cacheHit: false, metadata: {} }), // no typed line: JSON
      ].map((row) => spendRowSchema.parse(row));
      const typed = rows.map((row) => typedSpendLineOf(row));
      expect(typed[2]).toBeUndefined();
      const mixed = `${typed[0]}\n${JSON.stringify(rows[2])}\n${typed[1]}\n`;
      const stored = await insertSpendJournalLines(db, Buffer.from(mixed, 'utf8'));
      expect({ ...stored, inserted: [...stored.inserted].sort() }).toEqual({ inserted: rows.map((row) => row.requestId).sort(), duplicates: 0 });
      expect(await insertSpendJournalLines(db, `${typed[0]}\n${typed[1]}`)).toEqual({ inserted: [], duplicates: 2 });
      expect(await findSpendLog(db, rows[0]?.requestId ?? '')).toMatchObject({ endUser: 'ünïcode \\ end user 🙂', cacheHit: true, timeToFirstTokenMs: 12, metadata: { note: 'line\nbreak\ttab' }, requestBody: { messages: ['hi'] } });
      expect(await findSpendLog(db, rows[2]?.requestId ?? '')).toMatchObject({ endUser: 'tab\tuser' });
      expect(units((await findKeyByHash(db, owner.key.hash))?.spend)).toBe(units('0.875'));
      expect(units((await findCustomerById(db, 'ünïcode \\ end user 🙂'))?.spend)).toBe(units('0.5'));
    });

    it('stores rows sent as the journal holds them: JSON lines, as text or as their UTF-8 bytes', async () => {
      const { db } = backend();
      const owner = await entities(db);
      const rows = [spendRow(owner, { spend: '0.5', endUser: 'ünïcode-end-user', cacheHit: false, metadata: { note: 'line\nbreak' } }), spendRow(owner, { spend: '0.25', cacheHit: false, metadata: {} })];
      const lines = `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
      expect(await insertSpendJournalLines(db, Buffer.from(lines, 'utf8'))).toEqual({ inserted: rows.map((row) => row.requestId), duplicates: 0 });
      expect(await insertSpendJournalLines(db, lines)).toEqual({ inserted: [], duplicates: 2 });
      expect(await findSpendLog(db, rows[0]?.requestId ?? '')).toMatchObject({ endUser: 'ünïcode-end-user', metadata: { note: 'line\nbreak' } });
      expect(units((await findKeyByHash(db, owner.key.hash))?.spend)).toBe(units('0.75'));
      expect(units((await findCustomerById(db, 'ünïcode-end-user'))?.spend)).toBe(units('0.5'));
    });

    it('sums money exactly where floats would drift (ten times 0.1 is 1)', async () => {
      const { db } = backend();
      const owner = await entities(db);
      await insertSpendBatch(db, Array.from({ length: 10 }, () => spendRow(owner, { spend: '0.1' })));
      expect((await findKeyByHash(db, owner.key.hash))?.spend).toBe('1.0000000000');
    });

    it('takes concurrent batches over the same entities in any order without deadlock or loss', async () => {
      const { db } = backend();
      const a = await entities(db);
      const b = await entities(db);
      const batches = Array.from({ length: 4 }, (_, i) => {
        const rows = Array.from({ length: 10 }, (_, j) => spendRow(j % 2 === 0 ? a : b, { spend: '0.01' }));
        return i % 2 === 0 ? rows : rows.reverse();
      });
      await Promise.all(batches.map((batch) => insertSpendBatch(db, batch)));
      expect((await findKeyByHash(db, a.key.hash))?.spend).toBe('0.2000000000');
      expect((await findKeyByHash(db, b.key.hash))?.spend).toBe('0.2000000000');
    });

    it('refuses malformed rows before writing anything', async () => {
      const { db } = backend();
      const owner = await entities(db);
      const raw = rawApiKey();
      await expect(insertSpendBatch(db, [spendRow(owner), spendRow(owner, { keyHash: raw })])).rejects.toThrow(/SHA-256/);
      await expect(insertSpendBatch(db, [spendRow(owner, { spend: '0.1.2' })])).rejects.toThrow();
      await expect(insertSpendBatch(db, [spendRow(owner, { spend: '0.12345678901' })])).rejects.toThrow();
      expect((await findKeyByHash(db, owner.key.hash))?.spend).toBe('0.0000000000');
    });

    it('lists spend logs newest first with filters and pages, and finds one by request id', async () => {
      const { db } = backend();
      const owner = await entities(db);
      const rows = ['10:00:00', '11:00:00', '12:00:00'].map((time) => spendRow(owner, { startTime: at(time), endTime: at(time) }));
      await insertSpendBatch(db, rows);
      const page = await listSpendLogs(db, { keyHash: owner.key.hash, pageSize: 2 });
      expect(page.items.map((row) => row.requestId)).toEqual([rows[2]?.requestId, rows[1]?.requestId]);
      expect(page.hasMore).toBe(true);
      const window = await listSpendLogs(db, { teamId: owner.team.id, from: at('10:30:00'), to: at('11:30:00') });
      expect(window.items.map((row) => row.requestId)).toEqual([rows[1]?.requestId]);
      expect((await findSpendLog(db, rows[0]?.requestId ?? ''))?.spend).toBe('0.1000000000');
      expect(await findSpendLog(db, 'not-a-uuid')).toBeUndefined();
    });

    it('summarizes daily totals by model for analytics', async () => {
      const { db } = backend();
      const owner = await entities(db);
      await insertSpendBatch(db, [spendRow(owner, { modelGroup: 'cheap', spend: '0.01' }), spendRow(owner, { modelGroup: 'dear', spend: '2' }), spendRow(owner, { modelGroup: 'dear', spend: '3' })]);
      const summary = await summarizeDailySpend(db, { entityType: 'user', entityIds: [owner.user.id], from: SPEND_DAY, to: SPEND_DAY, groupBy: 'model' });
      expect(summary.map((row) => [row.group, units(row.spend), row.requests])).toEqual([
        ['dear', units('5'), 2],
        ['cheap', units('0.01'), 1],
      ]);
    });

    it('totals spend logs per group of columns, and per request tag (a row counts for each of its tags)', async () => {
      const { db } = backend();
      const owner = await entities(db);
      const window = { userId: owner.user.id, from: at('00:00:00'), to: at('23:59:59') };
      await insertSpendBatch(db, [
        spendRow(owner, { provider: 'openai', endUser: 'a', spend: '0.5', metadata: { request_tags: ['prod', 'x'] } }),
        spendRow(owner, { provider: 'openai', endUser: 'b', spend: '0.25', totalTokens: 7, metadata: { request_tags: ['prod'] } }),
        spendRow(owner, { provider: 'anthropic', endUser: 'a', spend: '2', metadata: { request_tags: 'not a list' } }),
      ]);
      const byProvider = await groupSpendLogs(db, window, ['provider']);
      expect(byProvider.map((group) => [group.provider, units(group.spend), group.requests])).toEqual([
        ['anthropic', units('2'), 1],
        ['openai', units('0.75'), 2],
      ]);
      const byDayAndUser = await groupSpendLogs(db, window, ['day', 'endUser'], 1);
      expect(byDayAndUser).toEqual([{ day: SPEND_DAY, endUser: 'a', spend: expect.any(String), requests: 2, promptTokens: 20, completionTokens: 10, totalTokens: 30, cacheHits: 0, cachedCompletionTokens: 0 }]);
      expect(units(byDayAndUser[0]?.spend)).toBe(units('2.5'));
      const tags = await sumSpendLogsByTag(db, window);
      expect(tags.map((tag) => [tag.tag, units(tag.spend), tag.requests])).toEqual([
        ['prod', units('0.75'), 2],
        ['x', units('0.5'), 1],
      ]);
      expect((await sumSpendLogsByTag(db, window, ['x', "o'brien"])).map((tag) => tag.tag)).toEqual(['x']);
      expect(await sumSpendLogsByTag(db, window, [])).toEqual([]);
    });
  });
}
