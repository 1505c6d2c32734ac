import { describe, expect, it } from 'vitest';
import { spendLogSummary } from './spend-log-summary.ts';

describe("spendLogSummary: LiteLLM's summarized /spend/logs", () => {
  const sum = (day: string, keyHash: string | null, userId: string | null, model: string, spend: string) => ({ day, keyHash, userId, model, spend });

  it('adds up a day per key, user and model, oldest first, and lists the days after the last one up to the end at 0', () => {
    const summary = spendLogSummary([sum('2025-01-02', 'k1', 'u1', 'm1', '0.5'), sum('2025-01-01', 'k1', null, 'm2', '0.25'), sum('2025-01-02', null, 'u1', 'm1', '0.25')], '2025-01-03');
    expect(summary).toEqual([
      { startTime: '2025-01-01', spend: 0.25, k1: 0.25, users: { '': 0.25 }, models: { m2: 0.25 } },
      { startTime: '2025-01-02', spend: 0.75, k1: 0.5, '': 0.25, users: { u1: 0.75 }, models: { m1: 0.75 } },
      { startTime: '2025-01-03', spend: 0, users: {}, models: {} },
    ]);
  });

  it('is empty without spend, and lists at most ten years of days without spend', () => {
    expect(spendLogSummary([], '2025-12-31')).toEqual([]);
    expect(spendLogSummary([sum('2025-01-01', 'k', 'u', 'm', '1')], '9999-12-31')).toHaveLength(1 + 3_660);
  });
});
