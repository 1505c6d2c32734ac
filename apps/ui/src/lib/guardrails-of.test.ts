import { describe, expect, it } from 'vitest';
import { guardrailsOf } from './guardrails-of.ts';

describe('guardrailsOf', () => {
  it("reads a key's or team's guardrails from its metadata, ignoring anything that is not a name", () => {
    expect(guardrailsOf({ guardrails: ['pii', 'words'] })).toBe('pii, words');
    expect(guardrailsOf({ guardrails: ['pii', 3, null] })).toBe('pii');
    expect(guardrailsOf({ guardrails: 'pii' })).toBe('');
    expect(guardrailsOf(undefined)).toBe('');
  });
});
