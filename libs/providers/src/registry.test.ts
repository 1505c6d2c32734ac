import { describe, expect, it } from 'vitest';
import { adapterFor, knownProviders, parseModelString } from './registry.ts';

describe('registry', () => {
  it('knows openai, anthropic, azure, bedrock, cohere, gemini, vertex_ai, mock and every OpenAI-compatible provider', () => {
    expect(knownProviders()).toEqual([
      'anthropic', 'azure', 'bedrock', 'cerebras', 'cohere', 'deepseek', 'fireworks_ai', 'gemini', 'groq', 'hosted_vllm', 'lm_studio', 'mistral', 'mock', 'ollama', 'openai', 'openrouter',
      'perplexity', 'together_ai', 'vertex_ai', 'xai',
    ]);
    for (const name of knownProviders()) expect(adapterFor(name).name).toBe(name);
  });

  it('names the known providers when asked for an unknown one', () => {
    expect(() => adapterFor('anthropic-typo')).toThrow(/Unknown provider 'anthropic-typo'.*groq.*openai/);
  });

  it('parses provider/model strings', () => {
    expect(parseModelString('groq/llama-3.3-70b')).toEqual({ provider: 'groq', model: 'llama-3.3-70b' });
    expect(parseModelString('openrouter/anthropic/claude-sonnet-4')).toEqual({ provider: 'openrouter', model: 'anthropic/claude-sonnet-4' });
    expect(parseModelString('gpt-4o')).toEqual({ provider: 'openai', model: 'gpt-4o' });
    expect(() => parseModelString('groq/')).toThrow(/provider\/model/);
    expect(() => parseModelString('')).toThrow(/empty/);
  });
});
