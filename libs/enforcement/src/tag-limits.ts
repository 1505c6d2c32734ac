import { budgetPeriodStart, type TagLimitsRecord } from '@switchboard/db';
import type { RateScope } from '@switchboard/limits';
import type { BudgetLine } from '@switchboard/contracts';
import { budgetLine, rateScope } from './load-key-context.ts';
import { LruCache } from './lru-cache.ts';

/** The counters a call's managed tags add to its admission. */
export interface TagLimits {
  budgets: BudgetLine[];
  rates: RateScope[];
}

export interface TagLimitCacheOptions {
  /** Every tag whose budget row sets a limit (listTagLimits). */
  loadLimits: () => Promise<readonly TagLimitsRecord[]>;
  /** What the calls carrying a tag spent since a period's start (all of it when absent): the seed of its counter. */
  loadSpend: (tag: string, since?: Date) => Promise<string>;
  /** How long a spend seed is reused (the shared counter runs ahead of it; the seed matters only when it has none). */
  seedTtlMs?: number;
  maxSeeds?: number;
}

/**
 * LiteLLM's tag budgets and limits (`/tag/new` with `max_budget`, `rpm_limit`, ...): every call carrying a managed tag
 * is held by its budget and limits, on one counter per tag shared by every key. The limited tags are few and kept in
 * memory (loaded at the start and again on every tag or budget change), so a call whose tags limit nothing, the usual
 * one, is answered at once without a lookup; a limited tag's spend seed is read once per period and kept.
 */
export class TagLimitCache {
  private limits = new Map<string, TagLimitsRecord>();
  private readonly seeds: LruCache<string>;
  private readonly seedTtlMs: number;

  constructor(private readonly options: TagLimitCacheOptions) {
    this.seeds = new LruCache(options.maxSeeds ?? 10_000);
    this.seedTtlMs = options.seedTtlMs ?? 5 * 60_000;
  }

  /** Reads the limited tags again (at the start, and when a tag or a budget row changed). */
  async refresh(): Promise<void> {
    this.limits = new Map((await this.options.loadLimits()).map((row) => [row.name, row]));
  }

  /** Undefined at once when none of the tags is limited; the limits when every seed is at hand, else their promise. */
  get(tags: readonly string[]): TagLimits | Promise<TagLimits> | undefined {
    if (this.limits.size === 0) return undefined;
    let limited: TagLimitsRecord[] | undefined;
    for (const tag of tags) {
      const row = this.limits.get(tag);
      if (row) (limited ??= []).push(row);
    }
    if (!limited) return undefined;
    const rates: RateScope[] = [];
    const pending: Promise<BudgetLine>[] = [];
    const budgets: BudgetLine[] = [];
    for (const row of limited) {
      const owner = { entity: 'tag' as const, id: row.name };
      const limits = { ...row, spend: '0' };
      const rate = rateScope(owner, limits);
      if (rate) rates.push(rate);
      if (row.maxBudget === null) continue;
      const since = budgetPeriodStart(row.budgetResetAt, row.budgetDuration);
      const seedId = `${row.name}@${since ? since.getTime() : 'all'}`;
      const cached = this.seeds.peek(seedId);
      const line = (spend: string) => budgetLine(owner, { ...limits, spend }) as BudgetLine;
      if (cached?.fresh) budgets.push(line(cached.value));
      else
        pending.push(
          this.options.loadSpend(row.name, since).then((spend) => {
            this.seeds.set(seedId, spend, this.seedTtlMs);
            return line(spend);
          }),
        );
    }
    if (pending.length === 0) return { budgets, rates };
    return Promise.all(pending).then((loaded) => ({ budgets: [...budgets, ...loaded], rates }));
  }
}
