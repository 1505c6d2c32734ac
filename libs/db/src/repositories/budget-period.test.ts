import { describe, expect, it } from 'vitest';
import { budgetDurationMs, budgetPeriodStart } from './budget-period.ts';

describe('budget periods', () => {
  it('reads durations as the reset does, a bare number as days', () => {
    expect(budgetDurationMs('30s')).toBe(30_000);
    expect(budgetDurationMs('2h')).toBe(7_200_000);
    expect(budgetDurationMs('7')).toBe(7 * 86_400_000);
    expect(budgetDurationMs('monthly')).toBeUndefined();
    expect(budgetDurationMs(null)).toBeUndefined();
  });

  it('starts a period one duration before its reset; a budget that never resets has no start', () => {
    expect(budgetPeriodStart(new Date('2026-06-02T00:00:00Z'), '1d')?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(budgetPeriodStart(null, '1d')).toBeUndefined();
    expect(budgetPeriodStart(new Date('2026-06-02T00:00:00Z'), null)).toBeUndefined();
  });
});
