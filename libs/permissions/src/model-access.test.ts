import { describe, expect, it } from 'vitest';
import { accessGroupsOf, listAllowsModel, modelAllowed, modelsWithin } from './model-access.ts';

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

  it("reads a `*` anywhere in a name as LiteLLM's key model patterns do, a dot as a dot", () => {
    expect(listAllowsModel(['bedrock/anthropic.*'], 'bedrock/anthropic.claude-3')).toBe(true);
    expect(listAllowsModel(['bedrock/anthropic.*'], 'bedrock/amazon.titan')).toBe(false);
    expect(listAllowsModel(['bedrock/anthropic.*'], 'bedrock/anthropicXclaude')).toBe(false);
    expect(listAllowsModel(['openai/gpt-4o*'], 'openai/gpt-4o-mini')).toBe(true);
    expect(listAllowsModel(['*-mini'], 'openai/gpt-4o-mini')).toBe(true);
    expect(listAllowsModel(['a*b*c'], 'a-b-b-c')).toBe(true);
    expect(listAllowsModel(['a*bc*c'], 'abc')).toBe(false);
    expect(listAllowsModel(['ab*ba'], 'aba')).toBe(false);
    // A narrower pattern is within a wider one; a wider one, or one beside it, is not.
    expect(modelsWithin(['bedrock/anthropic.claude*'], ['bedrock/anthropic.*'])).toBe(true);
    expect(modelsWithin(['bedrock/*'], ['bedrock/anthropic.*'])).toBe(false);
    expect(modelsWithin(['bedrock/*.claude'], ['bedrock/anthropic.*'])).toBe(false);
    expect(modelsWithin(['bedrock/anthropic.*'], ['bedrock/*'])).toBe(true);
  });
});

describe('model access groups', () => {
  const groups = new Map([
    ['beta-models', ['gpt-4o', 'claude-3-5-haiku']],
    ['anthropic-all', ['anthropic/*']],
  ]);

  it('a list naming an access group allows the model groups in it, and only those', () => {
    expect(listAllowsModel(['beta-models'], 'gpt-4o', ['beta-models'])).toBe(true);
    expect(listAllowsModel(['beta-models'], 'o1', [])).toBe(false);
    // Without the membership the name is just a model name that matches nothing.
    expect(listAllowsModel(['beta-models'], 'gpt-4o')).toBe(false);
    expect(modelAllowed([['beta-models'], ['gpt-4o']], 'gpt-4o', ['beta-models'])).toBe(true);
    expect(modelAllowed([['beta-models'], ['o1']], 'gpt-4o', ['beta-models'])).toBe(false);
  });

  it('finds the groups of a model, through wildcard members too', () => {
    expect(accessGroupsOf(groups, 'gpt-4o')).toEqual(['beta-models']);
    expect(accessGroupsOf(groups, 'anthropic/claude-3-opus')).toEqual(['anthropic-all']);
    expect(accessGroupsOf(groups, 'o1')).toEqual([]);
  });

  it('keeps a requested list within a ceiling that names groups, and a group within a ceiling that reaches its members', () => {
    expect(modelsWithin(['gpt-4o'], ['beta-models'], { accessGroups: groups })).toBe(true);
    expect(modelsWithin(['o1'], ['beta-models'], { accessGroups: groups })).toBe(false);
    expect(modelsWithin(['anthropic/claude-3-opus'], ['anthropic-all'], { accessGroups: groups })).toBe(true);
    expect(modelsWithin(['beta-models'], ['beta-models'], { accessGroups: groups })).toBe(true);
    expect(modelsWithin(['beta-models'], ['gpt-4o', 'claude-3-5-haiku'], { accessGroups: groups })).toBe(true);
    expect(modelsWithin(['beta-models'], ['gpt-4o'], { accessGroups: groups })).toBe(false);
    expect(modelsWithin(['anthropic-all'], ['beta-models'], { accessGroups: groups })).toBe(false);
    // A name that is no group and no allowed model stays outside.
    expect(modelsWithin(['unknown-group'], ['gpt-4o'], { accessGroups: groups })).toBe(false);
  });
});
