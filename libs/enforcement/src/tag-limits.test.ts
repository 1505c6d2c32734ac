import { describe, expect, it } from 'vitest';
import type { TagLimitsRecord } from '@switchboard/db';
import { TagLimitCache } from './tag-limits.ts';

const row = (name: string, fields: Partial<TagLimitsRecord>): TagLimitsRecord => ({ name, maxBudget: null, softBudget: null, budgetDuration: null, budgetResetAt: null, rpmLimit: null, tpmLimit: null, maxParallelRequests: null, ...fields });

describe('TagLimitCache', () => {
  function cache(rows: TagLimitsRecord[]) {
    const calls = { limits: 0, spends: [] as string[] };
    const tags = new TagLimitCache({
      loadLimits: async () => (calls.limits++, rows),
      loadSpend: async (tag, since) => (calls.spends.push(`${tag}@${since?.toISOString() ?? 'all'}`), tag === 'prod' ? '0.5' : '0'),
    });
    return { tags, calls };
  }

  it('answers at once, with nothing to count, for calls whose tags limit nothing', async () => {
    const { tags } = cache([row('prod', { maxBudget: '1' })]);
    expect(tags.get(['prod'])).toBeUndefined();
    await tags.refresh();
    expect(tags.get([])).toBeUndefined();
    expect(tags.get(['dev', 'other'])).toBeUndefined();
  });

  it("holds a call to each limited tag's budget (seeded with its spend) and rate limits, one counter per tag", async () => {
    const { tags, calls } = cache([row('prod', { maxBudget: '1', rpmLimit: 5 }), row('batch', { tpmLimit: 100 })]);
    await tags.refresh();
    const first = await tags.get(['prod', 'batch', 'free']);
    expect(first).toEqual({
      budgets: [{ owner: { entity: 'tag', id: 'prod' }, scopeId: 'tag:prod:total', maxNano: 1e9, spentNano: 0.5e9 }],
      rates: [{ id: 'tag:prod', rpm: 5 }, { id: 'tag:batch', tpm: 100 }],
    });
    // The seed is read once: the next call is answered at once, not as a promise.
    expect(tags.get(['prod'])).not.toBeInstanceOf(Promise);
    expect(calls.spends).toEqual(['prod@all']);
  });

  it("seeds a periodic budget with the current period's spend, and a new period afresh", async () => {
    const rows = [row('prod', { maxBudget: '1', budgetDuration: '1d', budgetResetAt: new Date('2030-01-02T00:00:00Z') })];
    const { tags, calls } = cache(rows);
    await tags.refresh();
    expect((await tags.get(['prod']))?.budgets[0]?.scopeId).toBe(`tag:prod:${Date.parse('2030-01-02T00:00:00Z')}`);
    rows[0] = { ...rows[0]!, budgetResetAt: new Date('2030-01-03T00:00:00Z') };
    await tags.refresh();
    await tags.get(['prod']);
    expect(calls.spends).toEqual(['prod@2030-01-01T00:00:00.000Z', 'prod@2030-01-02T00:00:00.000Z']);
  });
});
