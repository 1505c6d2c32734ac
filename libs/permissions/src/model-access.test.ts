import { describe, expect, it } from 'vitest';
import { listAllowsModel, modelAllowed, modelsWithin } from './model-access.ts';

describe('model lists', () => {
  it('reads empty and the special names as LiteLLM does', () => {
    expect(listAllowsModel([], 'gpt-4o')).toBe(true);
    expect(listAllowsModel(['all-proxy-models'], 'gpt-4o')).toBe(true);
    expect(listAllowsModel(['all-team-models'], 'gpt-4o')).toBe(true);
    expect(listAllowsModel(['no-default-models'], 'gpt-4o')).toBe(false);
    expect(listAllowsModel(['gpt-4o'], 'o1')).toBe(false);
    expect(listAllowsModel(['openai/*'], 'openai/gpt-4o')).toBe(true);
    expect(listAllowsModel(['openai/*'], 'anthropic/claude')).toBe(false);
  });

  it('intersects the levels', () => {
    expect(modelAllowed([[], ['gpt-4o', 'o1'], ['gpt-4o']], 'gpt-4o')).toBe(true);
    expect(modelAllowed([[], ['gpt-4o', 'o1'], ['gpt-4o']], 'o1')).toBe(false);
    expect(modelAllowed([['all-team-models'], ['o1']], 'gpt-4o')).toBe(false);
  });

  it('says whether a requested list stays within a ceiling', () => {
    expect(modelsWithin(['gpt-4o'], ['gpt-4o', 'o1'])).toBe(true);
    expect(modelsWithin(['gpt-4o', 'claude'], ['gpt-4o'])).toBe(false);
    expect(modelsWithin([], ['gpt-4o'])).toBe(false);
    expect(modelsWithin(['all-proxy-models'], ['gpt-4o'])).toBe(false);
    expect(modelsWithin(['*'], ['gpt-4o'])).toBe(false);
    expect(modelsWithin(['anything'], [])).toBe(true);
    expect(modelsWithin(['all-team-models'], ['gpt-4o'], { ceilingIsTeam: true })).toBe(true);
    expect(modelsWithin(['all-team-models'], ['gpt-4o'])).toBe(false);
    expect(modelsWithin([], ['gpt-4o'], { ceilingIsTeam: true })).toBe(true);
    expect(modelsWithin(['openai/gpt-4o'], ['openai/*'])).toBe(true);
    expect(modelsWithin(['openai/*'], ['openai/gpt-4o'])).toBe(false);
  });
});
