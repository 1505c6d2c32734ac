import { describe, expect, it } from 'vitest';
import { PriceBook, type PricedDeployment } from './index.ts';

const deployment = (provider: string, model: string, prices: PricedDeployment['prices'] = {}): PricedDeployment => ({ id: `${provider}/${model}/${JSON.stringify(prices)}`, provider, model, prices });
const usage = { promptTokens: 1000, completionTokens: 2000, totalTokens: 3000 };

describe('speechCost', () => {
  it('prices by input character with model_info input_cost_per_character', () => {
    const tts = deployment('openai', 'tts-1', { inputPerCharacter: 0.000015 });
    expect(new PriceBook().speechCost(tts, 1000)).toEqual({ nanoUsd: 15_000_000, source: 'model_info', basis: 'characters' });
    expect(new PriceBook().isSpeechPriced(tts)).toBe(true);
  });

  it('prices gpt-4o-mini-tts by the tokens the provider reported, at the price table token prices', () => {
    // The table: $0.60 / M input (text) tokens, $12 / M output (audio) tokens; no per-character price.
    const cost = new PriceBook().speechCost(deployment('openai', 'gpt-4o-mini-tts'), 1234, usage);
    expect(cost).toEqual({ nanoUsd: 1000 * 600 + 2000 * 12_000, source: 'price_table', basis: 'tokens' });
  });

  it('says none (never silently free) when there is no character price and no usage', () => {
    const book = new PriceBook();
    expect(book.speechCost(deployment('openai', 'tts-1'), 500)).toEqual({ nanoUsd: 0, source: 'unknown', basis: 'none' });
    expect(book.isSpeechPriced(deployment('openai', 'tts-1'))).toBe(false);
    expect(book.speechCost(deployment('openai', 'tts-1'), 500, usage)).toEqual({ nanoUsd: 0, source: 'unknown', basis: 'none' });
  });
});

describe('transcriptionCost', () => {
  it('prices whisper-1 from the price table at $0.006 per minute', () => {
    const book = new PriceBook();
    const whisper = deployment('openai', 'whisper-1');
    expect(book.transcriptionCost(whisper, 60)).toEqual({ nanoUsd: 6_000_000, source: 'price_table', basis: 'seconds' });
    expect(book.transcriptionCost(whisper, 12.5).nanoUsd).toBe(1_250_000);
    expect(book.transcriptionCost(deployment('azure', 'whisper-1'), 90).nanoUsd).toBe(9_000_000);
    expect(book.isTranscriptionPriced(whisper)).toBe(true);
  });

  it('keeps the price table minimum: Groq bills Whisper for at least 10 s', () => {
    // whisper-large-v3-turbo: $0.04 per hour.
    const cost = new PriceBook().transcriptionCost(deployment('groq', 'whisper-large-v3-turbo'), 3);
    expect(cost.nanoUsd).toBe(Math.round((0.04 * 10 * 1e9) / 3600));
  });

  it('uses one model_info per-second rate, output_cost_per_second unless it is zero, as LiteLLM does', () => {
    const book = new PriceBook();
    // whisper-1 in LiteLLM's price list carries 0.0001 under both keys: billed once, $0.006 per minute.
    expect(book.transcriptionCost(deployment('openai', 'whisper-1', { inputPerSecond: 0.0001, outputPerSecond: 0.0001 }), 60)).toEqual({ nanoUsd: 6_000_000, source: 'model_info', basis: 'seconds' });
    expect(book.transcriptionCost(deployment('openai', 'w', { inputPerSecond: 0.0002, outputPerSecond: 0 }), 10).nanoUsd).toBe(2_000_000);
    expect(book.transcriptionCost(deployment('openai', 'w', { outputPerSecond: 0.0003 }), 10).nanoUsd).toBe(3_000_000);
  });

  it('floors a positive duration at minimum_billable_duration_seconds, and bills no audio as nothing', () => {
    const book = new PriceBook();
    const groq = deployment('groq', 'my-whisper', { inputPerSecond: 0.04 / 3600, outputPerSecond: 0, minimumBillableSeconds: 10 });
    expect(book.transcriptionCost(groq, 1).nanoUsd).toBe(Math.round((10 * 0.04 * 1e9) / 3600));
    expect(book.transcriptionCost(groq, 60).nanoUsd).toBe(Math.round((60 * 0.04 * 1e9) / 3600));
    expect(book.transcriptionCost(groq, 0)).toEqual({ nanoUsd: 0, source: 'model_info', basis: 'seconds' });
  });

  it('prices token-billed transcription models (gpt-4o-transcribe) by the usage the provider reported', () => {
    const cost = new PriceBook().transcriptionCost(deployment('openai', 'gpt-4o-transcribe'), 30, usage);
    // No duration price in the table for it: $2.50 / M input, $10 / M output tokens.
    expect(cost).toEqual({ nanoUsd: 1000 * 2500 + 2000 * 10_000, source: 'price_table', basis: 'tokens' });
  });

  it('falls back to reported usage when the duration is unknown, and says none when there is neither', () => {
    const book = new PriceBook();
    const whisper = deployment('openai', 'whisper-1', { inputPerSecond: 0.0001, inputPerToken: 0.000001, outputPerToken: 0.000002 });
    expect(book.transcriptionCost(whisper, undefined, usage)).toEqual({ nanoUsd: 1000 * 1000 + 2000 * 2000, source: 'model_info', basis: 'tokens' });
    expect(book.transcriptionCost(deployment('openai', 'whisper-1'), undefined)).toEqual({ nanoUsd: 0, source: 'unknown', basis: 'none' });
    expect(book.isTranscriptionPriced(deployment('hosted_vllm', 'whisper-local'))).toBe(false);
  });
});
