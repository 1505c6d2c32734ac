import { describe, expect, it } from 'vitest';
import { modelVisible } from './visible-models.ts';

describe('modelVisible', () => {
  const exact = new Set(['gpt-3.5-turbo']);

  it('shows everything to callers without a restriction, and a restricted caller what its lists allow', () => {
    expect(modelVisible(undefined, 'anything')).toBe(true);
    expect(modelVisible([['gpt-3.5-turbo']], 'gpt-3.5-turbo', [], exact)).toBe(true);
    expect(modelVisible([['gpt-3.5-turbo']], 'gpt-4o', [], exact)).toBe(false);
  });

  it("shows a wildcard deployment only for a name no deployment of its own answers (LiteLLM's /model/info)", () => {
    expect(modelVisible([['gpt-3.5-turbo']], '*', [], exact)).toBe(false);
    expect(modelVisible([['claude-3-5-haiku']], '*', [], exact)).toBe(true);
    expect(modelVisible([['anthropic/claude-3-5-haiku']], 'anthropic/*', [], exact)).toBe(true);
    expect(modelVisible([['anthropic/*']], 'anthropic/*', [], exact)).toBe(true);
    expect(modelVisible([['groq/llama']], 'anthropic/*', [], exact)).toBe(false);
  });
});
