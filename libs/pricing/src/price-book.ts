import { calcPrice, findProvider } from '@pydantic/genai-prices';
import type { ModelPrices } from '@switchboard/config';
import type { Usage } from '@switchboard/providers';
import type { NanoUsd } from './money.ts';
import { openAiImagePrice, OPENAI_IMAGE_PROVIDERS } from './openai-image-prices.ts';
import { PRICE_TABLE_PROVIDER } from './provider-ids.ts';

/** USD per token for each kind of token; tiers switch the whole request's price above a prompt size. */
interface TokenPrice {
  base: number;
  tiers: { start: number; price: number }[];
}

export interface ResolvedPrices {
  input: TokenPrice;
  output: TokenPrice;
  cacheRead?: TokenPrice;
  cacheWrite?: TokenPrice;
  reasoning?: TokenPrice;
  source: 'model_info' | 'price_table' | 'default';
}

/** What pricing needs of a deployment: its id, provider, upstream model and `model_info` prices (the config's own type). */
export interface PricedDeployment {
  id: string;
  provider: string;
  model: string;
  prices: ModelPrices;
}

export interface Cost {
  nanoUsd: NanoUsd;
  /** Where the price came from; `unknown` means no price was found and the cost is 0. */
  source: ResolvedPrices['source'] | 'unknown';
}

/** An audio call's cost and what it was counted in; `none` means nothing it could be priced by was known. */
export interface AudioCost extends Cost {
  basis: 'characters' | 'seconds' | 'tokens' | 'none';
}

/** What an image generation answer reports (OpenAI's gpt-image models give tokens; dall-e gives none). */
export interface ImageUsage {
  inputTokens: number;
  outputTokens: number;
  /** Of inputTokens, those that were images (an edit's source image). */
  inputImageTokens?: number;
  /** Of outputTokens, those that were images. */
  outputImageTokens?: number;
}

/** An image call's cost and what it was counted in. */
export interface ImageCost extends Cost {
  basis: 'images' | 'tokens' | 'none';
}

/** Resolved prices kept per deployment id and upstream model, at most this many models per id (wildcards, passthrough). */
const MAX_MODELS_PER_ID = 1_024;

const flat = (perToken: number): TokenPrice => ({ base: perToken, tiers: [] });
const toNano = (usd: number) => Math.round(usd * 1_000_000_000);

function fromTable(value: unknown): TokenPrice | undefined {
  if (typeof value === 'number') return flat(value / 1_000_000);
  if (value && typeof value === 'object' && 'base' in value) {
    const tiered = value as { base: number; tiers?: { start: number; price: number }[] };
    return { base: tiered.base / 1_000_000, tiers: (tiered.tiers ?? []).map((t) => ({ start: t.start, price: t.price / 1_000_000 })).sort((a, b) => a.start - b.start) };
  }
  return undefined;
}

function perToken(price: TokenPrice, promptTokens: number): number {
  let current = price.base;
  for (const tier of price.tiers) if (promptTokens > tier.start) current = tier.price;
  return current;
}

/**
 * Prices per deployment: `model_info` prices win, then the maintained price table
 * (@pydantic/genai-prices), then a configured default. Looked up once per deployment and kept, since the
 * table lookup costs tens of microseconds and the hot path must not pay it per request.
 */
export class PriceBook {
  /**
   * By id, then upstream model: one wildcard deployment (or passthrough's per-provider id) serves many models,
   * each with its own price.
   */
  private readonly resolved = new Map<string, Map<string, ResolvedPrices | null>>();
  private readonly providerModels = new Map<string, readonly string[]>();

  constructor(private readonly defaultPricePerToken?: { input: number; output: number }) {}

  pricesFor(deployment: PricedDeployment): ResolvedPrices | undefined {
    let byModel = this.resolved.get(deployment.id);
    const cached = byModel?.get(deployment.model);
    if (cached !== undefined) return cached ?? undefined;
    const prices = this.lookup(deployment);
    if (!byModel) this.resolved.set(deployment.id, (byModel = new Map()));
    if (byModel.size >= MAX_MODELS_PER_ID) byModel.clear();
    byModel.set(deployment.model, prices ?? null);
    return prices;
  }

  /** Whether the price table has this model for one of our providers (which provider a bare name belongs to). */
  knowsModel(provider: string, model: string): boolean {
    const providerId = PRICE_TABLE_PROVIDER[provider];
    return providerId !== undefined && calcPrice({ input_tokens: 0 }, model, { providerId }) !== null;
  }

  /** The price table's model ids for one of our providers (what a `provider/*` wildcard lists); empty when it has none. */
  modelsOf(provider: string): readonly string[] {
    const known = this.providerModels.get(provider);
    if (known) return known;
    const providerId = PRICE_TABLE_PROVIDER[provider];
    const models = providerId ? (findProvider({ providerId })?.models ?? []).filter((model) => !model.deprecated).map((model) => model.id).sort() : [];
    this.providerModels.set(provider, models);
    return models;
  }

  /**
   * Image generation: `output_cost_per_image` × images when the deployment sets it (LiteLLM's key), else
   * OpenAI's published per-image price for a DALL·E model (by the request's size and quality), else the
   * tokens the answer reports (gpt-image models) at the price table's text and image token prices, else at the
   * deployment's own token prices. A dall-e answer without usage and without a per-image price costs 0, said
   * by basis `none`.
   */
  imageCost(deployment: PricedDeployment, images: number, usage?: ImageUsage, request: { size?: string; quality?: string } = {}): ImageCost {
    const perImage = deployment.prices.outputPerImage;
    if (perImage !== undefined) return { nanoUsd: toNano(images * perImage), source: 'model_info', basis: 'images' };
    const published = this.publishedImagePrice(deployment, request);
    if (published !== undefined && !usage) return { nanoUsd: toNano(images * published), source: 'price_table', basis: 'images' };
    if (!usage) return { nanoUsd: 0, source: 'unknown', basis: 'none' };
    const providerId = PRICE_TABLE_PROVIDER[deployment.provider];
    if (providerId && !this.hasOwnPrices(deployment)) {
      const table = calcPrice(
        {
          input_tokens: usage.inputTokens,
          output_tokens: usage.outputTokens,
          ...(usage.inputImageTokens !== undefined ? { input_image_tokens: Math.min(usage.inputImageTokens, usage.inputTokens) } : {}),
          ...(usage.outputImageTokens !== undefined ? { output_image_tokens: Math.min(usage.outputImageTokens, usage.outputTokens) } : {}),
        },
        deployment.model,
        { providerId },
      );
      if (table) return { nanoUsd: toNano(table.total_price), source: 'price_table', basis: 'tokens' };
    }
    const cost = this.cost(deployment, { promptTokens: usage.inputTokens, completionTokens: usage.outputTokens, totalTokens: usage.inputTokens + usage.outputTokens });
    return { ...cost, basis: cost.source === 'unknown' ? 'none' : 'tokens' };
  }

  /** Whether image calls on this deployment can be priced (per image, or by reported tokens). */
  isImagePriced(deployment: PricedDeployment): boolean {
    return deployment.prices.outputPerImage !== undefined || this.publishedImagePrice(deployment, {}) !== undefined || this.isPriced(deployment);
  }

  /** OpenAI's per-image price for a DALL·E deployment without prices of its own. */
  private publishedImagePrice(deployment: PricedDeployment, request: { size?: string; quality?: string }): number | undefined {
    if (this.hasOwnPrices(deployment) || !OPENAI_IMAGE_PROVIDERS.has(deployment.provider)) return undefined;
    return openAiImagePrice(deployment.model, request.size, request.quality);
  }

  /** Whether a request to this deployment can be priced at all (budgeted keys are refused otherwise). */
  isPriced(deployment: PricedDeployment): boolean {
    return this.pricesFor(deployment) !== undefined;
  }

  cost(deployment: PricedDeployment, usage: Usage): Cost {
    const prices = this.pricesFor(deployment);
    if (!prices) return { nanoUsd: 0, source: 'unknown' };
    const prompt = usage.promptTokens;
    const cached = Math.min(usage.cachedPromptTokens ?? 0, prompt);
    const written = Math.min(usage.cacheCreationTokens ?? 0, prompt - cached);
    const input = perToken(prices.input, prompt);
    const usd =
      (prompt - cached - written) * input +
      cached * (prices.cacheRead ? perToken(prices.cacheRead, prompt) : input) +
      written * (prices.cacheWrite ? perToken(prices.cacheWrite, prompt) : input) +
      this.outputCost(prices, usage, prompt);
    return { nanoUsd: Math.round(usd * 1_000_000_000), source: prices.source };
  }

  /**
   * Text-to-speech: `input_cost_per_character` × characters (count them with `countSpeechCharacters`), else
   * the token usage the provider reported at the deployment's token prices (gpt-4o-mini-tts in the price
   * table is priced per token; tts-1 is not in it). The table has no per-character prices.
   */
  speechCost(deployment: PricedDeployment, characters: number, usage?: Usage): AudioCost {
    const perCharacter = deployment.prices.inputPerCharacter;
    if (perCharacter !== undefined) return { nanoUsd: toNano(characters * perCharacter), source: 'model_info', basis: 'characters' };
    return this.byTokens(deployment, usage);
  }

  /**
   * Transcription and translation: per second of audio when the deployment has a per-second price
   * (model_info's, else the price table's per-hour audio price), else the token usage the provider reported
   * (gpt-4o-transcribe). `seconds` is undefined when neither the answer nor the file told the duration.
   */
  transcriptionCost(deployment: PricedDeployment, seconds: number | undefined, usage?: Usage): AudioCost {
    const own = deployment.prices;
    if (seconds !== undefined && (own.inputPerSecond !== undefined || own.outputPerSecond !== undefined)) {
      // As LiteLLM: one per-second rate, the output one unless it is absent or zero (whisper-1 lists the same
      // rate under both keys; adding them would bill twice), and short audio billed up to the minimum.
      const perSecond = own.outputPerSecond ? own.outputPerSecond : (own.inputPerSecond ?? 0);
      const billable = seconds > 0 ? Math.max(seconds, own.minimumBillableSeconds ?? 0) : 0;
      return { nanoUsd: toNano(billable * perSecond), source: 'model_info', basis: 'seconds' };
    }
    if (seconds !== undefined && !this.hasOwnPrices(deployment)) {
      const table = this.tableAudioCost(deployment, seconds);
      if (table !== undefined) return { nanoUsd: toNano(table), source: 'price_table', basis: 'seconds' };
    }
    return this.byTokens(deployment, usage);
  }

  /** Whether transcriptions on this deployment can be priced (by the second, or by reported tokens). */
  isTranscriptionPriced(deployment: PricedDeployment): boolean {
    const own = deployment.prices;
    if (own.inputPerSecond !== undefined || own.outputPerSecond !== undefined) return true;
    return (!this.hasOwnPrices(deployment) && this.tableAudioCost(deployment, 0) !== undefined) || this.isPriced(deployment);
  }

  /** Whether speech on this deployment can be priced (by the character, or by reported tokens). */
  isSpeechPriced(deployment: PricedDeployment): boolean {
    return deployment.prices.inputPerCharacter !== undefined || this.isPriced(deployment);
  }

  private byTokens(deployment: PricedDeployment, usage: Usage | undefined): AudioCost {
    if (!usage) return { nanoUsd: 0, source: 'unknown', basis: 'none' };
    const cost = this.cost(deployment, usage);
    return { ...cost, basis: cost.source === 'unknown' ? 'none' : 'tokens' };
  }

  private hasOwnPrices(deployment: PricedDeployment): boolean {
    return Object.values(deployment.prices).some((price) => price !== undefined);
  }

  /**
   * USD for `seconds` of audio from the price table, or undefined when its entry has no audio duration price.
   * The table's own calculation is used (not a cached rate) because it carries provider minimums: Groq bills
   * Whisper for at least 10 s. Transcriptions are rare and slow, so its tens of microseconds do not matter.
   */
  private tableAudioCost(deployment: PricedDeployment, seconds: number): number | undefined {
    const providerId = PRICE_TABLE_PROVIDER[deployment.provider];
    if (!providerId) return undefined;
    const probe = calcPrice({ input_tokens: 0 }, deployment.model, { providerId });
    const prices = probe?.model_price;
    if (!prices || (prices.audio_hours === undefined && prices.input_audio_hours === undefined)) return undefined;
    return calcPrice({ audio_seconds: seconds, input_audio_seconds: seconds }, deployment.model, { providerId })?.total_price;
  }

  /** Estimated worst-case cost before the call, for budget reservations. */
  estimate(deployment: PricedDeployment, promptTokens: number, maxCompletionTokens: number): Cost {
    return this.cost(deployment, { promptTokens, completionTokens: maxCompletionTokens, totalTokens: promptTokens + maxCompletionTokens });
  }

  private outputCost(prices: ResolvedPrices, usage: Usage, prompt: number): number {
    const output = perToken(prices.output, prompt);
    const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.completionTokens);
    if (!prices.reasoning || reasoning === 0) return usage.completionTokens * output;
    return (usage.completionTokens - reasoning) * output + reasoning * perToken(prices.reasoning, prompt);
  }

  private lookup(deployment: PricedDeployment): ResolvedPrices | undefined {
    const own = deployment.prices;
    if (own.inputPerToken !== undefined || own.outputPerToken !== undefined) {
      return {
        input: flat(own.inputPerToken ?? 0),
        output: flat(own.outputPerToken ?? 0),
        ...(own.cacheReadPerToken !== undefined ? { cacheRead: flat(own.cacheReadPerToken) } : {}),
        ...(own.cacheCreationPerToken !== undefined ? { cacheWrite: flat(own.cacheCreationPerToken) } : {}),
        ...(own.reasoningPerToken !== undefined ? { reasoning: flat(own.reasoningPerToken) } : {}),
        source: 'model_info',
      };
    }
    const providerId = PRICE_TABLE_PROVIDER[deployment.provider];
    if (providerId) {
      const match = calcPrice({ input_tokens: 1, output_tokens: 1 }, deployment.model, { providerId });
      const table = match?.model_price;
      const input = table ? fromTable(table.input_mtok) : undefined;
      const output = table ? fromTable(table.output_mtok) : undefined;
      if (table && (input || output)) {
        const cacheRead = fromTable(table.cache_read_mtok);
        const cacheWrite = fromTable(table.cache_write_mtok);
        return { input: input ?? flat(0), output: output ?? flat(0), ...(cacheRead ? { cacheRead } : {}), ...(cacheWrite ? { cacheWrite } : {}), source: 'price_table' };
      }
    }
    if (this.defaultPricePerToken) return { input: flat(this.defaultPricePerToken.input), output: flat(this.defaultPricePerToken.output), source: 'default' };
    return undefined;
  }
}
