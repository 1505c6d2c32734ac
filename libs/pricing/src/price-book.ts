import { calcPrice } from '@pydantic/genai-prices';
import type { Usage } from '@switchboard/providers';
import type { NanoUsd } from './money.ts';
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

export interface PricedDeployment {
  id: string;
  provider: string;
  model: string;
  prices: { inputPerToken?: number; outputPerToken?: number; cacheReadPerToken?: number; cacheCreationPerToken?: number; reasoningPerToken?: number };
}

export interface Cost {
  nanoUsd: NanoUsd;
  /** Where the price came from; `unknown` means no price was found and the cost is 0. */
  source: ResolvedPrices['source'] | 'unknown';
}

const flat = (perToken: number): TokenPrice => ({ base: perToken, tiers: [] });

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
  private readonly resolved = new Map<string, ResolvedPrices | null>();

  constructor(private readonly defaultPricePerToken?: { input: number; output: number }) {}

  pricesFor(deployment: PricedDeployment): ResolvedPrices | undefined {
    const cached = this.resolved.get(deployment.id);
    if (cached !== undefined) return cached ?? undefined;
    const prices = this.lookup(deployment);
    this.resolved.set(deployment.id, prices ?? null);
    return prices;
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
