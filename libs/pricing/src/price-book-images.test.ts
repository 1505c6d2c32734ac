import { describe, expect, it } from 'vitest';
import { PriceBook, usdToNano } from './index.ts';

const deployment = (provider: string, model: string, prices = {}, id = `${provider}/${model}`) => ({ id, provider, model, prices });

describe('image prices', () => {
  it('charges output_cost_per_image per image', () => {
    const cost = new PriceBook().imageCost(deployment('openai', 'dall-e-3', { outputPerImage: 0.04 }), 3);
    expect(cost).toEqual({ nanoUsd: usdToNano(0.12), source: 'model_info', basis: 'images' });
  });

  it("prices a gpt-image answer's tokens at the table's text and image token prices", () => {
    // gpt-image-1: text input $5/M, image input $10/M, output $40/M.
    const cost = new PriceBook().imageCost(deployment('openai', 'gpt-image-1'), 1, { inputTokens: 100, inputImageTokens: 50, outputTokens: 1000 });
    expect(cost).toEqual({ nanoUsd: (50 * 5 + 50 * 10 + 1000 * 40) * 1000, source: 'price_table', basis: 'tokens' });
    // gpt-image-1.5: output image tokens $32/M, output text tokens $10/M.
    const mixed = new PriceBook().imageCost(deployment('openai', 'gpt-image-1.5'), 1, { inputTokens: 0, outputTokens: 1000, outputImageTokens: 900 });
    expect(mixed.nanoUsd).toBe((100 * 10 + 900 * 32) * 1000);
  });

  it("falls back to the deployment's own token prices, and says when nothing prices it", () => {
    const own = new PriceBook().imageCost(deployment('openai', 'my-image-model', { inputPerToken: 0.000001, outputPerToken: 0.00001 }), 1, { inputTokens: 10, outputTokens: 100 });
    expect(own).toEqual({ nanoUsd: usdToNano(0.00001 + 0.001), source: 'model_info', basis: 'tokens' });
    expect(new PriceBook().imageCost(deployment('openai', 'unknown-image-model'), 2)).toEqual({ nanoUsd: 0, source: 'unknown', basis: 'none' });
    expect(new PriceBook().isImagePriced(deployment('openai', 'unknown-image-model'))).toBe(false);
    // DALL·E answers report no usage: OpenAI's published per-image price applies (the mock provider imitates it).
    expect(new PriceBook().imageCost(deployment('openai', 'dall-e-3'), 2)).toEqual({ nanoUsd: usdToNano(0.08), source: 'price_table', basis: 'images' });
    expect(new PriceBook().imageCost(deployment('mock', 'dall-e-3'), 1, undefined, { size: '1024x1792', quality: 'hd' })).toEqual({ nanoUsd: usdToNano(0.12), source: 'price_table', basis: 'images' });
    expect(new PriceBook().isImagePriced(deployment('openai', 'dall-e-3'))).toBe(true);
    expect(new PriceBook().isImagePriced(deployment('openai', 'dall-e-3', { outputPerImage: 0.04 }))).toBe(true);
    expect(new PriceBook().isImagePriced(deployment('openai', 'gpt-image-1'))).toBe(true);
  });
});

describe('one id, many models (wildcard deployments, passthrough)', () => {
  it('prices each upstream model of a shared id separately', () => {
    const book = new PriceBook();
    const usage = { promptTokens: 1_000_000, completionTokens: 0, totalTokens: 1_000_000 };
    expect(book.cost(deployment('openai', 'gpt-4o', {}, 'wildcard'), usage).nanoUsd).toBe(usdToNano(2.5));
    expect(book.cost(deployment('openai', 'gpt-4o-mini', {}, 'wildcard'), usage).nanoUsd).toBe(usdToNano(0.15));
  });

  it('knows which provider a bare model belongs to, and lists a provider\'s models', () => {
    const book = new PriceBook();
    expect(book.knowsModel('anthropic', 'claude-3-5-haiku-20241022')).toBe(true);
    expect(book.knowsModel('openai', 'claude-3-5-haiku-20241022')).toBe(false);
    expect(book.knowsModel('hosted_vllm', 'x')).toBe(false);
    expect(book.modelsOf('anthropic')).toContain('claude-3-5-haiku-latest');
    expect(book.modelsOf('groq').length).toBeGreaterThan(0);
    expect(book.modelsOf('hosted_vllm')).toEqual([]);
  });
});
