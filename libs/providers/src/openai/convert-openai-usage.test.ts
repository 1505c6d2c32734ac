import { describe, expect, it } from 'vitest';
import { convertOpenAIUsage } from './convert-openai-usage.ts';

describe('convertOpenAIUsage', () => {
  it('reads Chat Completions usage with cached and reasoning tokens', () => {
    const usage = convertOpenAIUsage({
      prompt_tokens: 15,
      completion_tokens: 78,
      total_tokens: 93,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 64 },
    });
    expect(usage).toEqual({ promptTokens: 15, completionTokens: 78, totalTokens: 93, cachedPromptTokens: 4, reasoningTokens: 64 });
  });

  it('reads Responses API usage', () => {
    const usage = convertOpenAIUsage({
      input_tokens: 45,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 25,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 70,
    });
    expect(usage).toEqual({ promptTokens: 45, completionTokens: 25, totalTokens: 70, cachedPromptTokens: 0, reasoningTokens: 0 });
  });

  it('reads embeddings usage and DeepSeek cache hits, computing missing totals', () => {
    expect(convertOpenAIUsage({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ promptTokens: 8, completionTokens: 0, totalTokens: 8 });
    expect(convertOpenAIUsage({ prompt_tokens: 10, completion_tokens: 2, prompt_cache_hit_tokens: 6 })).toEqual({
      promptTokens: 10,
      completionTokens: 2,
      totalTokens: 12,
      cachedPromptTokens: 6,
    });
  });

  it('adds reasoning to completion tokens for upstreams that count it apart (xAI)', () => {
    const raw = { prompt_tokens: 12, completion_tokens: 2, total_tokens: 334, completion_tokens_details: { reasoning_tokens: 320 } };
    expect(convertOpenAIUsage(raw, { reasoningExcludedFromCompletion: true })).toMatchObject({ completionTokens: 322, totalTokens: 334 });
  });

  it('returns undefined for absent or unreadable usage', () => {
    expect(convertOpenAIUsage(null)).toBeUndefined();
    expect(convertOpenAIUsage({ foo: 1 })).toBeUndefined();
    expect(convertOpenAIUsage('12')).toBeUndefined();
  });
});
