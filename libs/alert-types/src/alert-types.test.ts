import { describe, expect, it } from 'vitest';
import { ALERT_TYPES, isAlertType, RAISED_ALERT_TYPES } from './alert-types.ts';

describe('alert types', () => {
  it("raises LiteLLM's types but its reports and outage heuristics, in LiteLLM's order", () => {
    expect(RAISED_ALERT_TYPES.every((type) => ALERT_TYPES.includes(type))).toBe(true);
    expect(RAISED_ALERT_TYPES).not.toContain('daily_reports');
    expect(RAISED_ALERT_TYPES.slice(0, 3)).toEqual(['llm_exceptions', 'llm_too_slow', 'budget_alerts']);
    expect(RAISED_ALERT_TYPES).toHaveLength(16);
    expect(isAlertType('team_deleted')).toBe(true);
    expect(isAlertType('llm_explosions')).toBe(false);
  });
});
