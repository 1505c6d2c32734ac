import { describe, expect, it } from 'vitest';
import { sumCounters, sumDailyTotals, type InsertedSpend } from './spend-totals.ts';

const row = (overrides: Partial<InsertedSpend>): InsertedSpend => ({
  startTime: new Date('2030-01-15T23:59:59Z'),
  endTime: new Date('2030-01-16T00:00:01Z'),
  keyHash: 'k'.repeat(64),
  userId: 'user-b',
  teamId: 'team-a',
  organizationId: null,
  endUser: null,
  model: 'openai/gpt-4o',
  modelGroup: 'gpt-4o',
  promptTokens: 1,
  completionTokens: 2,
  totalTokens: 3,
  spend: '0.1',
  status: 'success',
  cacheHit: false,
  ...overrides,
});

describe('spend totals', () => {
  it('gives one increment per entity in the fixed lock order: organizations, teams, team members, users, keys, customers, then by id', () => {
    const increments = sumCounters([
      row({ userId: 'user-z', endUser: 'end-1', organizationId: 'org-1' }),
      row({ userId: 'user-a', teamId: 'team-b', spend: '0.25', modelGroup: null }),
      row({ userId: 'user-z', spend: '0.05' }),
    ]);
    expect(increments.map((i) => `${i.entity}:${i.id}`)).toEqual([
      'organization:org-1',
      'team:team-a',
      'team:team-b',
      'team_member:team-a\u001fuser-z',
      'team_member:team-b\u001fuser-a',
      'user:user-a',
      'user:user-z',
      `key:${'k'.repeat(64)}`,
      'customer:end-1',
    ]);
    expect(increments.find((i) => i.id === 'user-z')).toMatchObject({ spend: '0.15', modelSpend: { 'gpt-4o': '0.15' } });
    expect(increments.find((i) => i.entity === 'team_member' && i.id.endsWith('user-z'))).toMatchObject({ spend: '0.15' });
    expect(increments.find((i) => i.entity === 'key')).toMatchObject({ spend: '0.4', modelSpend: { 'gpt-4o': '0.15', 'openai/gpt-4o': '0.25' } });
  });

  it('buckets daily totals by the UTC day the request started, with a global row per model', () => {
    const totals = sumDailyTotals([row({}), row({ startTime: new Date('2030-01-16T00:00:00Z'), status: 'failure', cacheHit: true })]);
    const global = totals.filter((t) => t.entityType === 'global');
    expect(global.map((t) => [t.day, t.requests, t.successes, t.failures, t.cacheHits])).toEqual([
      ['2030-01-15', 1, 1, 0, 0],
      ['2030-01-16', 1, 0, 1, 1],
    ]);
    expect(totals.filter((t) => t.entityType === 'organization')).toEqual([]);
  });
});
