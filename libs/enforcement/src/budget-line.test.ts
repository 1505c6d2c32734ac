import { describe, expect, it } from 'vitest';
import { budgetLine } from './load-key-context.ts';

describe('budgetLine: one budget counter per period', () => {
  const owner = { entity: 'key', id: 'k1' } as const;
  const row = { maxBudget: '10', spend: '2.5' };

  it('names the counter by the owner and its period, and seeds it from the stored spend', () => {
    expect(budgetLine(owner, row)).toEqual({ owner, scopeId: 'key:k1:total', maxNano: 10e9, spentNano: 2.5e9 });
    expect(budgetLine(owner, { ...row, budgetResetAt: new Date(1_000) })?.scopeId).toBe('key:k1:1000');
  });

  it('starts a new counter when an admin set the spend by hand, within a period or without one', () => {
    expect(budgetLine(owner, { ...row, spendResetAt: new Date(5_000) })?.scopeId).toBe('key:k1:total~5000');
    expect(budgetLine(owner, { ...row, budgetResetAt: new Date(1_000), spendResetAt: new Date(5_000) })?.scopeId).toBe('key:k1:1000~5000');
    expect(budgetLine(owner, { ...row, spendResetAt: null })?.scopeId).toBe('key:k1:total');
  });

  it('has no counter without a budget', () => {
    expect(budgetLine(owner, { ...row, maxBudget: null, spendResetAt: new Date(5_000) })).toBeUndefined();
  });
});
