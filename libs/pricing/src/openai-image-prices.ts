/**
 * OpenAI's published per-image prices (USD) for its DALL·E models, by quality and size: the maintained price
 * table prices gpt-image models by tokens but has no per-image entries, and a dall-e answer reports no usage.
 * Default size 1024x1024 and quality standard, as OpenAI's API.
 */
const PRICES: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>> = {
  'dall-e-3': {
    standard: { '1024x1024': 0.04, '1024x1792': 0.08, '1792x1024': 0.08 },
    hd: { '1024x1024': 0.08, '1024x1792': 0.12, '1792x1024': 0.12 },
  },
  'dall-e-2': {
    standard: { '1024x1024': 0.02, '512x512': 0.018, '256x256': 0.016 },
  },
};

/** Providers that serve OpenAI's image models under their own names (the mock provider imitates them). */
export const OPENAI_IMAGE_PROVIDERS: ReadonlySet<string> = new Set(['openai', 'azure', 'mock']);

/** USD per image for an OpenAI image model, or undefined for another model, size or quality. */
export function openAiImagePrice(model: string, size = '1024x1024', quality = 'standard'): number | undefined {
  const name = model.slice(model.lastIndexOf('/') + 1);
  const byQuality = PRICES[name];
  if (!byQuality) return undefined;
  return (byQuality[quality === 'hd' ? 'hd' : 'standard'] ?? byQuality.standard)?.[size];
}
