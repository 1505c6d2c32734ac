import { describe, expect, it } from 'vitest';
import { sumCounters, sumDailyTotals, type SpendGroup } from './spend-totals.ts';

const group = (overrides: Partial<SpendGroup>): SpendGroup => ({
  entity: 'key',
  id: 'k'.repeat(64),
  day: '2030-01-15',
  model: 'gpt-4o',
  spend: '0.1',
  promptTokens: 1,
  completionTokens: 2,
  totalTokens: 3,
  requests: 1,
  successes: 1,
  cacheHits: 0,
  lastActiveAt: '2030-01-16T00:00:01.000Z',
  ...overrides,
});

describe('spend totals from the sums of inserted rows', () => {
  it('gives one increment per entity in the fixed lock order: organizations, teams, team members, users, keys, customers, then by id', () => {
    const increments = sumCounters([
      group({ entity: 'global', id: '' }),
      group({ entity: 'customer', id: 'end-1' }),
      group({ entity: 'user', id: 'user-z', spend: '0.1' }),
      group({ entity: 'user', id: 'user-z', spend: '0.05', day: '2030-01-16', lastActiveAt: '2030-01-16T10:00:00.000Z' }),
      group({ entity: 'team_member', id: 'team-b\u001fuser-a', spend: '0.25' }),
      group({ entity: 'team', id: 'team-b' }),
      group({ entity: 'team', id: 'team-a' }),
      group({ entity: 'organization', id: 'org-1' }),
      group({ spend: '0.15' }),
      group({ spend: '0.25', model: 'openai/gpt-4o' }),
    ]);
    expect(increments.map((i) => `${i.entity}:${i.id}`)).toEqual(['organization:org-1', 'team:team-a', 'team:team-b', 'team_member:team-b\u001fuser-a', 'user:user-z', `key:${'k'.repeat(64)}`, 'customer:end-1']);
    expect(increments.find((i) => i.id === 'user-z')).toMatchObject({ spend: '0.15', modelSpend: { 'gpt-4o': '0.15' }, lastActiveAt: new Date('2030-01-16T10:00:00.000Z') });
    expect(increments.find((i) => i.entity === 'key')).toMatchObject({ spend: '0.4', modelSpend: { 'gpt-4o': '0.15', 'openai/gpt-4o': '0.25' } });
  });

  it('gives one daily increment per group but team members, with failures as the requests that did not succeed', () => {
    const totals = sumDailyTotals([
      group({ entity: 'team_member', id: 'team-a\u001fuser-a' }),
      group({ entity: 'global', id: '', day: '2030-01-16', requests: 3, successes: 1, cacheHits: 2, spend: '0.3000000000' }),
      group({ entity: 'global', id: '' }),
    ]);
    expect(totals.map((t) => [t.day, t.entityType, t.requests, t.successes, t.failures, t.cacheHits, t.spend])).toEqual([
      ['2030-01-15', 'global', 1, 1, 0, 0, '0.1'],
      ['2030-01-16', 'global', 3, 1, 2, 2, '0.3'],
    ]);
  });
});
