import { describe, expect, it } from 'vitest';
import { errorOf } from './error-of.ts';

describe('errorOf', () => {
  it("says a failed request's class, status and message in one line", () => {
    expect(errorOf({ error_information: { error_class: 'BudgetExceededError', error_code: '400', error_message: 'Budget has been exceeded!', traceback: '' } })).toBe('BudgetExceededError (400): Budget has been exceeded!');
    expect(errorOf({ error_information: { error_code: '502' } })).toBe('(502)');
    expect(errorOf({ error_information: { error_message: 'upstream down' } })).toBe('upstream down');
  });

  it('is undefined for a request that did not fail, or a log without it', () => {
    expect(errorOf({ status: 'success' })).toBeUndefined();
    expect(errorOf(null)).toBeUndefined();
    expect(errorOf({ error_information: 'text' })).toBeUndefined();
    expect(errorOf({ error_information: {} })).toBeUndefined();
  });
});
