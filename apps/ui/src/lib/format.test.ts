import { describe, expect, it } from 'vitest';
import { daysAgo, displayActor, formatBudget, formatCompact, formatInteger, formatMoney, isoDay, listOrAll, shortId } from './format.ts';

describe('format', () => {
  it('money keeps fractions of a cent readable', () => {
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(12.5)).toBe('$12.50');
    expect(formatMoney(1234.567)).toBe('$1,234.57');
    expect(formatMoney(0.000125)).toBe('$0.00013');
    expect(formatMoney(0.0025)).toBe('$0.0025');
    expect(formatMoney(null)).toBe('—');
  });

  it('numbers', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(1200)).toBe('1.2k');
    expect(formatCompact(3_400_000)).toBe('3.4M');
    expect(formatCompact(0.25)).toBe('0.25');
  });

  it('budgets, ids and lists', () => {
    expect(formatBudget(1.5, null)).toBe('$1.50 / no limit');
    expect(formatBudget(0, 10)).toBe('$0.00 / $10.00');
    expect(shortId('0123456789abcdef', 8)).toBe('01234567…');
    expect(shortId(null)).toBe('—');
    expect(listOrAll([])).toBe('all models');
    expect(listOrAll(['a', 'b'])).toBe('a, b');
  });

  it('actors', () => {
    expect(displayActor('master_key')).toBe('master key');
    expect(displayActor('default_user_id-Zq3v0yXvR1mK8cE2pL6tAw')).toBe('master key');
    expect(displayActor('default_user_idx')).toBe('default_user_idx');
    expect(displayActor('alice')).toBe('alice');
    expect(displayActor(null)).toBe('—');
  });

  it('UTC days', () => {
    const now = new Date('2025-03-01T10:00:00Z');
    expect(isoDay(now)).toBe('2025-03-01');
    expect(daysAgo(1, now)).toBe('2025-02-28');
  });
});
