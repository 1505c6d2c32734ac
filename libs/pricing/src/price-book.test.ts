import { describe, expect, it } from 'vitest';
import { nanoToUsdString, PriceBook, usdToNano } from './index.ts';

const deployment = (provider: string, model: string, prices = {}) => ({ id: `${provider}/${model}/${JSON.stringify(prices)}`, provider, model, prices });

describe('PriceBook', () => {
  it('prices from model_info first', () => {
    const book = new PriceBook();
    const cost = book.cost(deployment('openai', 'gpt-4o', { inputPerToken: 0.000001, outputPerToken: 0.000002 }), { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 });
    expect(cost).toEqual({ nanoUsd: usdToNano(0.001 + 0.001), source: 'model_info' });
  });

  it('prices from the maintained table, with cached prompt tokens at the cache-read price', () => {
    const book = new PriceBook();
    // gpt-4o: $2.50 / M input, $1.25 / M cached input, $10 / M output.
    const cost = book.cost(deployment('openai', 'gpt-4o'), { promptTokens: 1000, completionTokens: 100, totalTokens: 1100, cachedPromptTokens: 400 });
    expect(cost.source).toBe('price_table');
    expect(cost.nanoUsd).toBe(Math.round((600 * 2.5 + 400 * 1.25 + 100 * 10) * 1000));
  });

  it('uses Anthropic cache-write prices and long-context tiers', () => {
    const book = new PriceBook();
    const claude = deployment('anthropic', 'claude-sonnet-4-5');
    const small = book.cost(claude, { promptTokens: 1000, completionTokens: 0, totalTokens: 1000, cacheCreationTokens: 1000 });
    expect(small.nanoUsd).toBe(1000 * 3750);
    const large = book.cost(claude, { promptTokens: 300_000, completionTokens: 1000, totalTokens: 301_000 });
    expect(large.nanoUsd).toBe(300_000 * 6000 + 1000 * 22_500);
  });

  it('maps our provider names to the table (gemini → google, xai → x-ai)', () => {
    const book = new PriceBook();
    expect(book.isPriced(deployment('gemini', 'gemini-2.5-flash'))).toBe(true);
    expect(book.isPriced(deployment('xai', 'grok-3'))).toBe(true);
  });

  it('says unknown (never silently free) for a model with no price, unless a default is configured', () => {
    const unknown = deployment('hosted_vllm', 'my-llama');
    expect(new PriceBook().isPriced(unknown)).toBe(false);
    expect(new PriceBook().cost(unknown, { promptTokens: 10, completionTokens: 10, totalTokens: 20 }).source).toBe('unknown');
    const withDefault = new PriceBook({ input: 0.000001, output: 0.000002 });
    expect(withDefault.cost(unknown, { promptTokens: 10, completionTokens: 10, totalTokens: 20 })).toEqual({ nanoUsd: 30_000, source: 'default' });
  });

  it('estimates a reservation from prompt and max completion tokens', () => {
    const book = new PriceBook();
    const d = deployment('openai', 'x', { inputPerToken: 0.000001, outputPerToken: 0.000004 });
    expect(book.estimate(d, 100, 1000).nanoUsd).toBe(100 * 1000 + 1000 * 4000);
  });
});

describe('money', () => {
  it('formats nano-dollars exactly', () => {
    expect(nanoToUsdString(1)).toBe('0.000000001');
    expect(nanoToUsdString(1_500_000_000)).toBe('1.500000000');
    expect(nanoToUsdString(-25)).toBe('-0.000000025');
    expect(usdToNano(0.1) + usdToNano(0.2)).toBe(usdToNano(0.3));
  });
});
