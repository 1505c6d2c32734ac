import { describe, expect, it } from 'vitest';
import { budgetExceededMessage } from './budget-exceeded-message.ts';

describe('budgetExceededMessage', () => {
  it("words each owner's refusal as LiteLLM does, amounts as Python floats", () => {
    expect(budgetExceededMessage({ entity: 'key', id: 'a'.repeat(64) }, 0.002111, 0.001)).toBe('Budget has been exceeded! Current cost: 0.002111, Max budget: 0.001');
    expect(budgetExceededMessage({ entity: 'key', id: 'abc' }, 0, 0)).toBe('Budget has been exceeded! Current cost: 0.0, Max budget: 0.0');
    expect(budgetExceededMessage({ entity: 'team', id: 't1' }, 70.004, 70)).toBe('Budget has been exceeded! Team=t1 Current cost: 70.004, Max budget: 70.0');
    expect(budgetExceededMessage({ entity: 'org', id: 'o1' }, 6.25e-6, 5e-7)).toBe('Budget has been exceeded! Organization=o1 Current cost: 6.25e-06, Max budget: 5e-07');
    expect(budgetExceededMessage({ entity: 'tag', id: 'prod' }, 1.2, 1)).toBe('Budget has been exceeded! Tag=prod Current cost: 1.2, Max budget: 1.0');
    expect(budgetExceededMessage({ entity: 'user', id: 'u1' }, 12, 10)).toBe('ExceededBudget: User=u1 over budget. Spend=12.0, Budget=10.0');
    expect(budgetExceededMessage({ entity: 'end_user', id: 'e@1@team/t%2F1' }, 3.7e-5, 0)).toBe('ExceededBudget: End User=e@1 over budget. Spend=3.7e-05, Budget=0.0');
  });

  it('names a team member by its team and user apart, whatever their ids hold', () => {
    const owner = { entity: 'team_member' as const, id: 'a/b/c', member: { teamId: 'a/b', userId: 'c' } };
    expect(budgetExceededMessage(owner, 5.504, 5.5)).toBe('Budget has been exceeded! User=c in Team=a/b Current cost: 5.504, Max budget: 5.5');
  });

  it('still says a budget is spent when nobody owns the counter', () => {
    expect(budgetExceededMessage(undefined, 1, 1)).toBe('Budget has been exceeded! Current cost: 1.0, Max budget: 1.0');
  });
});
