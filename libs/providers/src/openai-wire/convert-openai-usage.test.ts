import { describe, expect, it } from 'vitest';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import { openaiChatUsageSchema, openaiResponsesUsageSchema } from './openai-api.ts';

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

describe('convertOpenAIUsage agrees with the usage schemas', () => {
  // The schema-based reading it replaced on the hot path, kept here as the reference.
  function reference(raw: unknown): unknown {
    if (raw === null || raw === undefined) return undefined;
    const r = openaiResponsesUsageSchema.safeParse(raw);
    if (r.success) {
      const out = r.data.output_tokens ?? 0;
      const usage: Record<string, number> = { promptTokens: r.data.input_tokens, completionTokens: out, totalTokens: r.data.total_tokens ?? r.data.input_tokens + out };
      if (typeof r.data.input_tokens_details?.cached_tokens === 'number') usage.cachedPromptTokens = r.data.input_tokens_details.cached_tokens;
      if (typeof r.data.output_tokens_details?.reasoning_tokens === 'number') usage.reasoningTokens = r.data.output_tokens_details.reasoning_tokens;
      return usage;
    }
    const c = openaiChatUsageSchema.safeParse(raw);
    if (!c.success || typeof c.data.prompt_tokens !== 'number') return undefined;
    const completion = c.data.completion_tokens ?? 0;
    const usage: Record<string, number> = { promptTokens: c.data.prompt_tokens, completionTokens: completion, totalTokens: c.data.total_tokens ?? c.data.prompt_tokens + completion };
    const cached = c.data.prompt_tokens_details?.cached_tokens ?? c.data.prompt_cache_hit_tokens;
    if (typeof cached === 'number') usage.cachedPromptTokens = cached;
    if (typeof c.data.completion_tokens_details?.reasoning_tokens === 'number') usage.reasoningTokens = c.data.completion_tokens_details.reasoning_tokens;
    return usage;
  }

  it('on generated usage objects of both shapes, with wrong types mixed in', () => {
    const values: unknown[] = [undefined, null, 0, 7, 12.5, '3', true, {}, []];
    const details = (field: string): unknown[] => [undefined, null, {}, { [field]: 4 }, { [field]: null }, { [field]: 'x' }, [], 5];
    const fields: Record<string, unknown[]> = {
      input_tokens: values,
      output_tokens: values,
      prompt_tokens: values,
      completion_tokens: values,
      total_tokens: values,
      prompt_cache_hit_tokens: values,
      input_tokens_details: details('cached_tokens'),
      output_tokens_details: details('reasoning_tokens'),
      prompt_tokens_details: details('cached_tokens'),
      completion_tokens_details: details('reasoning_tokens'),
    };
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let readable = 0;
    for (let i = 0; i < 20_000; i++) {
      const raw: Record<string, unknown> = {};
      for (const [name, pool] of Object.entries(fields)) {
        if (next() < 0.5) continue;
        const value = pool[Math.floor(next() * pool.length)];
        if (value !== undefined) raw[name] = value;
      }
      const got = convertOpenAIUsage(raw);
      if (got) readable++;
      expect({ raw, got }).toEqual({ raw, got: reference(raw) });
    }
    expect(readable).toBeGreaterThan(500);
    for (const odd of [null, undefined, 'x', 5, [], [{ prompt_tokens: 1 }]]) expect(convertOpenAIUsage(odd)).toEqual(reference(odd));
  });
});
