import { describe, expect, it } from 'vitest';
import type { DailyActivityRow } from '../api/types.ts';
import { daysInRange, topWithOther, totalsPerDay, totalsPerModel } from './daily-series.ts';

const row = (date: string, model: string, spend: number, requests = 1): DailyActivityRow => ({
  date,
  entity_type: 'key',
  entity_id: 'k',
  model,
  spend,
  prompt_tokens: 10 * requests,
  completion_tokens: 5 * requests,
  total_tokens: 15 * requests,
  requests,
  successes: requests,
  failures: 0,
});

describe('daysInRange', () => {
  it('lists every UTC day inclusive, across month ends', () => {
    expect(daysInRange('2025-01-30', '2025-02-02')).toEqual(['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
    expect(daysInRange('2025-02-02', '2025-01-30')).toEqual([]);
    expect(daysInRange('nope', '2025-01-30')).toEqual([]);
  });
});

describe('totalsPerDay', () => {
  it('sums entities and models per day and fills quiet days with zeros', () => {
    const days = totalsPerDay([row('2025-01-01', 'a', 0.5, 2), row('2025-01-01', 'b', 0.25), row('2025-01-03', 'a', 1)], '2025-01-01', '2025-01-03');
    expect(days.map((d) => [d.date, d.spend, d.requests, d.totalTokens])).toEqual([
      ['2025-01-01', 0.75, 3, 45],
      ['2025-01-02', 0, 0, 0],
      ['2025-01-03', 1, 1, 15],
    ]);
  });

  it('ignores rows outside the range', () => {
    expect(totalsPerDay([row('2024-12-31', 'a', 9)], '2025-01-01', '2025-01-01')[0]?.spend).toBe(0);
  });
});

describe('totalsPerModel and topWithOther', () => {
  it('ranks models by spend', () => {
    const models = totalsPerModel([row('2025-01-01', 'a', 0.1), row('2025-01-02', 'b', 0.5), row('2025-01-02', 'a', 0.1)]);
    expect(models.map((m) => [m.group, m.requests])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });

  it('keeps the top N and sums the rest as Other, so the total is unchanged', () => {
    const rows = totalsPerModel([row('d', 'a', 5), row('d', 'b', 4), row('d', 'c', 3), row('d', 'd', 2)]);
    const top = topWithOther(rows, 2);
    expect(top.map((r) => [r.group, r.spend])).toEqual([
      ['a', 5],
      ['b', 4],
      ['Other', 5],
    ]);
    expect(topWithOther(rows, 10)).toHaveLength(4);
  });
});
