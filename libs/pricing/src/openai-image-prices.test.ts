import { describe, expect, it } from 'vitest';
import { openAiImagePrice } from './openai-image-prices.ts';

describe('openAiImagePrice', () => {
  it("prices OpenAI's DALL·E models per image by size and quality, defaulting to 1024x1024 standard", () => {
    expect(openAiImagePrice('dall-e-3')).toBe(0.04);
    expect(openAiImagePrice('dall-e-3', '1792x1024', 'hd')).toBe(0.12);
    expect(openAiImagePrice('dall-e-2', '256x256')).toBe(0.016);
    expect(openAiImagePrice('dall-e-2', '1024x1024', 'hd')).toBe(0.02);
    expect(openAiImagePrice('mock/dall-e-3')).toBe(0.04);
  });

  it('knows nothing of other models or sizes', () => {
    expect(openAiImagePrice('gpt-image-1')).toBeUndefined();
    expect(openAiImagePrice('dall-e-3', '640x480')).toBeUndefined();
  });
});
