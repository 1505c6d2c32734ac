import { describe, expect, it } from 'vitest';
import type { Deployment, RouterSettings } from '@switchboard/config';
import { ProviderError } from '@switchboard/providers';
import { Router, type RouterDeps } from './router.ts';
import { wildcardModelNames } from './wildcard-model-names.ts';

const settings = (overrides: Partial<RouterSettings> = {}): RouterSettings => ({
  routingStrategy: 'simple-shuffle',
  numRetries: 2,
  fallbacks: {},
  contextWindowFallbacks: {},
  contentPolicyFallbacks: {},
  defaultFallbacks: [],
  allowedFails: 100,
  cooldownMs: 30_000,
  timeoutMs: 60_000,
  retryBackoffMs: 0,
  modelGroupAlias: {},
  tagFiltering: false,
  ...overrides,
});

const deployment = (id: string, group: string, provider: string, model: string, extra: Partial<Deployment> = {}): Deployment => ({
  id, modelGroup: group, provider, model, timeoutMs: 1000, prices: {}, params: {}, modelInfo: {}, source: 'config', ...extra,
});

const signal = () => new AbortController().signal;
const noSleep: RouterDeps['sleep'] = async () => {};
const upstream500 = () => new ProviderError('upstream_error', 502, 'boom', { upstreamStatus: 500 });
const served = (router: Router, model: string) => router.deploymentsOf(router.resolveGroup(model) ?? '').map((d) => `${d.provider}/${d.model}`);

describe('wildcard deployments', () => {
  const knowsModel = (provider: string, model: string) => (provider === 'anthropic' ? model.startsWith('claude') : model.startsWith('gpt'));
  const router = new Router(
    settings(),
    [
      deployment('any-openai', '*', 'openai', '*'),
      deployment('any-anthropic', '*', 'anthropic', '*'),
      deployment('groq', 'groq/*', 'groq', '*', { accessGroups: ['fast'] }),
      deployment('haiku-line', 'claude-3-5-haiku*', 'anthropic', 'claude-3-5-haiku*'),
      deployment('gpt', 'gpt-4o', 'openai', 'gpt-4o'),
    ],
    { knowsModel },
  );

  it('serves the models of their provider under the requested name, the upstream model from the request', () => {
    expect(router.resolveGroup('groq/llama-3.3-70b-versatile')).toBe('groq/llama-3.3-70b-versatile');
    expect(served(router, 'groq/llama-3.3-70b-versatile')).toEqual(['groq/llama-3.3-70b-versatile']);
    // The most specific pattern wins over "*".
    expect(served(router, 'claude-3-5-haiku-20241022')).toEqual(['anthropic/claude-3-5-haiku-20241022']);
    // An exact model group stays exact.
    expect(served(router, 'gpt-4o')).toEqual(['openai/gpt-4o']);
  });

  it('under "*" picks the provider the request names, else the one whose price table knows the model', () => {
    expect(served(router, 'anthropic/claude-3-opus')).toEqual(['anthropic/claude-3-opus']);
    expect(served(router, 'claude-3-opus')).toEqual(['anthropic/claude-3-opus']);
    expect(served(router, 'gpt-4.1-mini')).toEqual(['openai/gpt-4.1-mini']);
    // Nobody knows it: every deployment of the pattern may serve it, as in LiteLLM.
    expect(served(router, 'mystery-model')).toEqual(['openai/mystery-model', 'anthropic/mystery-model']);
  });

  it('never resolves a wildcard name itself, or a name no adapter could put in a URL', () => {
    for (const name of ['*', 'groq/*', 'groq/../../admin', 'groq/a b', 'groq//x', '', 'x'.repeat(201)]) expect(router.resolveGroup(name)).toBeUndefined();
    expect(router.groupNames()).toEqual(['gpt-4o', 'claude-3-5-haiku*', 'groq/*', '*']);
    expect(router.deploymentsOf('groq/*').map((d) => d.id)).toEqual(['groq']);
  });

  it('gives a served model the access groups of the deployments serving it', () => {
    expect(router.accessGroupsOf('groq/llama-3.1-8b-instant')).toEqual(['fast']);
    expect(router.accessGroupsOf('gpt-4o')).toEqual([]);
    expect(router.accessGroups()).toEqual(new Map([['fast', ['groq/*']]]));
  });

  it('routes a call to the served deployment with its upstream model', async () => {
    const outcome = await router.route('groq/llama-3.3-70b-versatile', async (d) => `${d.id}:${d.model}`, { signal: signal() });
    expect(outcome.result).toBe('groq:llama-3.3-70b-versatile');
    expect(outcome.modelGroup).toBe('groq/llama-3.3-70b-versatile');
  });

  it('resolves an alias to a served model', () => {
    const aliased = new Router(settings({ modelGroupAlias: { fastest: 'groq/llama-3.1-8b-instant' } }), [deployment('groq', 'groq/*', 'groq', '*')]);
    expect(aliased.resolveGroup('fastest')).toBe('groq/llama-3.1-8b-instant');
  });
});

describe('access groups of model groups', () => {
  it('collects every access group the deployments of a group name', () => {
    const router = new Router(settings(), [
      deployment('a', 'gpt-4o', 'openai', 'gpt-4o', { accessGroups: ['beta'] }),
      deployment('b', 'gpt-4o', 'azure', 'gpt-4o', { accessGroups: ['beta', 'prod'] }),
      deployment('c', 'o1', 'openai', 'o1', { accessGroups: ['prod'] }),
    ]);
    expect(router.accessGroupsOf('gpt-4o')).toEqual(['beta', 'prod']);
    expect(router.accessGroups()).toEqual(new Map([['beta', ['gpt-4o']], ['prod', ['gpt-4o', 'o1']]]));
  });
});

describe("a deployment's num_retries", () => {
  it('bounds the calls its failures allow, over the router setting', async () => {
    const calls: string[] = [];
    const failing = async (d: Deployment) => {
      calls.push(d.id);
      throw upstream500();
    };
    const none = new Router(settings({ numRetries: 5 }), [deployment('a', 'g', 'openai', 'x', { numRetries: 0 })], { sleep: noSleep });
    await expect(none.route('g', failing, { signal: signal() })).rejects.toMatchObject({ kind: 'upstream_error' });
    expect(calls).toEqual(['a']);
    calls.length = 0;
    const more = new Router(settings({ numRetries: 0 }), [deployment('b', 'g', 'openai', 'x', { numRetries: 3 })], { sleep: noSleep });
    await expect(more.route('g', failing, { signal: signal() })).rejects.toMatchObject({ kind: 'upstream_error' });
    expect(calls).toEqual(['b', 'b', 'b', 'b']);
  });
});

describe('wildcardModelNames', () => {
  const modelsOf = (provider: string) => (provider === 'anthropic' ? ['claude-3-5-haiku-latest', 'claude-3-opus'] : provider === 'openai' ? ['gpt-4o'] : []);
  it("lists a provider's table models under the names clients send", () => {
    expect(wildcardModelNames('anthropic/*', [{ provider: 'anthropic', model: '*' }], modelsOf)).toEqual(['anthropic/claude-3-5-haiku-latest', 'anthropic/claude-3-opus']);
    expect(wildcardModelNames('*', [{ provider: 'openai', model: '*' }, { provider: 'anthropic', model: '*' }], modelsOf)).toEqual(['gpt-4o', 'claude-3-5-haiku-latest', 'claude-3-opus']);
    expect(wildcardModelNames('claude-3-5*', [{ provider: 'anthropic', model: 'claude-3-5*' }], modelsOf)).toEqual(['claude-3-5-haiku-latest']);
    expect(wildcardModelNames('groq/*', [{ provider: 'groq', model: '*' }], modelsOf)).toEqual([]);
    expect(wildcardModelNames('a/*/b/*', [{ provider: 'anthropic', model: '*' }], modelsOf)).toEqual([]);
  });

  it("reads the pattern's own provider when the deployments' lists nothing that fits (LiteLLM's reading)", () => {
    expect(wildcardModelNames('anthropic/*', [{ provider: 'mock', model: 'anthropic-*' }], modelsOf)).toEqual(['anthropic/claude-3-5-haiku-latest', 'anthropic/claude-3-opus']);
    expect(wildcardModelNames('anthropic/claude-3-5*', [{ provider: 'mock', model: '*' }], modelsOf)).toEqual(['anthropic/claude-3-5-haiku-latest']);
    // The deployments' own list wins when it has names; a prefix that is no provider lists nothing.
    expect(wildcardModelNames('anthropic/*', [{ provider: 'openai', model: '*' }], modelsOf)).toEqual(['anthropic/gpt-4o']);
    expect(wildcardModelNames('team-a/*', [{ provider: 'mock', model: '*' }], modelsOf)).toEqual([]);
  });
});
