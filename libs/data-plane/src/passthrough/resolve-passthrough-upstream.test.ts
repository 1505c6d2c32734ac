import { describe, expect, it } from 'vitest';
import type { Deployment } from '@switchboard/config';
import { PASSTHROUGH_PROVIDERS } from './passthrough-providers.ts';
import { resolvePassthroughUpstream } from './resolve-passthrough-upstream.ts';

type Row = (typeof PASSTHROUGH_PROVIDERS)[number];
const row = (prefix: string) => PASSTHROUGH_PROVIDERS.find((provider) => provider.prefix === prefix) as Row;
const [openai, anthropic] = [row('/openai'), row('/anthropic')];

function deployment(id: string, provider: string, extra: Partial<Deployment> = {}): Deployment {
  return { id, modelGroup: id, provider, model: 'm', timeoutMs: 1000, prices: {}, params: {}, modelInfo: {}, source: 'config', ...extra };
}

describe('resolvePassthroughUpstream', () => {
  it('prefers the deployment marked use_in_pass_through, else the first of the provider', () => {
    const list = [deployment('a', 'anthropic', { apiKey: 'k-a' }), deployment('o1', 'openai', { apiKey: 'k-1' }), deployment('o2', 'openai', { apiKey: 'k-2', params: { use_in_pass_through: true } })];
    expect(resolvePassthroughUpstream(openai, list, {})).toEqual({ base: 'https://api.openai.com', apiKey: 'k-2', deploymentId: 'o2', secrets: ['k-2'] });
    expect(resolvePassthroughUpstream(openai, list.slice(0, 2), {})).toMatchObject({ apiKey: 'k-1', deploymentId: 'o1' });
  });

  it('carries the lending deployment\'s other credentials, to mask them in what the provider answers', () => {
    const lender = deployment('az', 'azure', { apiKey: 'azure-key-0001', apiBase: 'https://res.openai.azure.com', params: { azure_ad_token: 'ad-token-0001', api_version: '2024-10-21' } });
    expect(resolvePassthroughUpstream(row('/azure'), [lender], {})?.secrets).toEqual(['azure-key-0001', 'ad-token-0001']);
  });

  it('uses the deployment api_base without the version suffix the client path already has', () => {
    expect(resolvePassthroughUpstream(openai, [deployment('o', 'openai', { apiKey: 'k', apiBase: 'http://127.0.0.1:9/openai/v1/' })], {})?.base).toBe('http://127.0.0.1:9/openai');
    expect(resolvePassthroughUpstream(anthropic, [deployment('a', 'anthropic', { apiKey: 'k', apiBase: 'https://proxy.example/v1/messages' })], {})?.base).toBe('https://proxy.example');
  });

  it('falls back to the env key and default base, and to nothing without a key', () => {
    expect(resolvePassthroughUpstream(anthropic, [], { ANTHROPIC_API_KEY: 'env-key' })).toEqual({ base: 'https://api.anthropic.com', apiKey: 'env-key', secrets: [] });
    expect(resolvePassthroughUpstream(openai, [deployment('x', 'groq', { apiKey: 'g' })], {})).toBeUndefined();
  });

  it('resolves gemini, azure and cohere like the others (azure has no default base: api_base or AZURE_API_BASE)', () => {
    expect(resolvePassthroughUpstream(row('/gemini'), [deployment('g', 'gemini', { apiKey: 'AIza-k', apiBase: 'https://generativelanguage.googleapis.com/v1beta' })], {})).toEqual({ base: 'https://generativelanguage.googleapis.com', apiKey: 'AIza-k', deploymentId: 'g', secrets: ['AIza-k'] });
    expect(resolvePassthroughUpstream(row('/azure'), [], { AZURE_API_KEY: 'az' })).toBeUndefined();
    expect(resolvePassthroughUpstream(row('/azure'), [], { AZURE_API_KEY: 'az', AZURE_API_BASE: 'https://res.openai.azure.com/openai' })).toEqual({ base: 'https://res.openai.azure.com', apiKey: 'az', secrets: [] });
    expect(resolvePassthroughUpstream(row('/cohere'), [], { COHERE_API_KEY: 'co' })).toEqual({ base: 'https://api.cohere.com', apiKey: 'co', secrets: [] });
  });

  it('resolves vertex_ai to the regional host of the deployment, with the token left to fetch', () => {
    const vertex = deployment('v', 'vertex_ai', { params: { vertex_project: 'p', vertex_location: 'europe-west4' } });
    expect(resolvePassthroughUpstream(row('/vertex_ai'), [vertex], {})).toMatchObject({ base: 'https://europe-west4-aiplatform.googleapis.com', apiKey: '', deploymentId: 'v', tokenTarget: { params: vertex.params } });
    expect(resolvePassthroughUpstream(row('/vertex_ai'), [], {})).toBeUndefined();
  });
});
