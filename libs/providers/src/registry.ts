import { anthropicAdapter } from './anthropic/anthropic-adapter.ts';
import { azureAdapter } from './azure/azure-adapter.ts';
import { bedrockAdapter } from './bedrock/bedrock-adapter.ts';
import { cohereAdapter } from './cohere/cohere-adapter.ts';
import { geminiAdapter } from './gemini/gemini-adapter.ts';
import { mockAdapter } from './mock/mock-adapter.ts';
import { openaiAdapter } from './openai/openai-adapter.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible/openai-compatible-adapter.ts';
import { OPENAI_COMPATIBLE_PROVIDERS } from './openai-compatible/openai-compatible-providers.ts';
import type { ProviderAdapter } from './provider.ts';
import { vertexAdapter } from './vertex/vertex-adapter.ts';

/** Every provider the gateway can call, by the name used in `provider/model` strings. */
const ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map<string, ProviderAdapter>([
  ['openai', openaiAdapter],
  ['anthropic', anthropicAdapter],
  ['azure', azureAdapter],
  ['bedrock', bedrockAdapter],
  ['cohere', cohereAdapter],
  ['gemini', geminiAdapter],
  ['vertex_ai', vertexAdapter],
  ['mock', mockAdapter],
  ...Object.entries(OPENAI_COMPATIBLE_PROVIDERS).map(([name, profile]): [string, ProviderAdapter] => [name, createOpenAICompatibleAdapter(name, profile)]),
]);

export function knownProviders(): string[] {
  return [...ADAPTERS.keys()].sort();
}

export function adapterFor(provider: string): ProviderAdapter {
  const adapter = ADAPTERS.get(provider);
  if (!adapter) throw new Error(`Unknown provider '${provider}'. Known providers: ${knownProviders().join(', ')}`);
  return adapter;
}

export interface ModelRef {
  provider: string;
  model: string;
}

/**
 * `groq/llama-3.3-70b` → groq + llama-3.3-70b. Only the first `/` separates: upstream model names keep
 * theirs (`openrouter/anthropic/claude-sonnet-4`). A bare name is OpenAI's, as in LiteLLM's config.
 */
export function parseModelString(value: string): ModelRef {
  const slash = value.indexOf('/');
  if (slash === -1) {
    if (value.trim() === '') throw new Error('Model string is empty');
    return { provider: 'openai', model: value };
  }
  const provider = value.slice(0, slash);
  const model = value.slice(slash + 1);
  if (provider === '' || model === '') throw new Error(`Model string '${value}' must look like provider/model`);
  return { provider, model };
}
