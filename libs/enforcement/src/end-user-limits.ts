import { budgetPeriodStart, type BudgetRecord, type EndUserTenant } from '@switchboard/db';
import type { RateScope } from '@switchboard/limits';
import { scopeIdOf, type BudgetLine } from '@switchboard/contracts';
import { budgetLine, rateScope } from './load-key-context.ts';
import { LruCache } from './lru-cache.ts';
import { endUserOwner } from './end-user-tenant.ts';

/** An end user's counters for one request: its tenant's share of the customer's budget and rate limits. */
export interface EndUserLimits {
  budget?: BudgetLine;
  rate?: RateScope;
  /** LiteLLM's `allowed_model_region` of the customer: only deployments whose `region_name` matches may serve it. */
  allowedModelRegion?: string;
  /**
   * LiteLLM's `default_model` of the customer: the model group a call goes to when the model it names has no
   * deployment in the allowed region.
   */
  defaultModel?: string;
}

/** What a customer sets: its budget row's limits (when it has one), and the region its calls must stay in. */
export type CustomerLimits = Partial<Pick<BudgetRecord, 'maxBudget' | 'softBudget' | 'budgetDuration' | 'budgetResetAt' | 'rpmLimit' | 'tpmLimit' | 'maxParallelRequests'>> & { allowedModelRegion?: string; defaultModel?: string };

export interface EndUserLimitCacheOptions {
  /** The budget row of the admin-created customer (`/customer/new`) with this id; undefined when none. */
  loadCustomerLimits: (endUser: string) => Promise<CustomerLimits | undefined>;
  /**
   * What one tenant has spent for this end user (decimal dollars) since `since` (the budget period's start; all of it
   * when absent): the seed of that tenant's counter.
   */
  loadTenantSpend: (endUser: string, tenant: EndUserTenant, since?: Date) => Promise<string>;
  maxEntries?: number;
  /** How long a customer's limits are used before they are read again (changes also clear them). */
  ttlMs?: number;
  /**
   * How long a tenant's spend seed is reused. The seed only matters when the limiter has no counter yet (the
   * counter is the larger of the two and runs ahead of the database), and it sums spend rows, so it is kept longer.
   */
  seedTtlMs?: number;
}

/**
 * End-user limits, as LiteLLM sets them (an admin creates the customer and its budget) but counted per
 * tenant: every team's (organization's, owner's, key's) end user of that id gets the customer's budget and
 * limits on a counter of its own, seeded with that tenant's own spend. So one tenant's traffic cannot spend
 * or exhaust another tenant's end user. Both lookups are cached; a request for a cached pair makes no query.
 */
export class EndUserLimitCache {
  private readonly customers: LruCache<CustomerLimits | null>;
  private readonly spends: LruCache<string>;
  private readonly ttlMs: number;
  private readonly seedTtlMs: number;

  constructor(private readonly options: EndUserLimitCacheOptions) {
    this.customers = new LruCache(options.maxEntries ?? 10_000);
    this.spends = new LruCache(options.maxEntries ?? 10_000);
    this.ttlMs = options.ttlMs ?? 30_000;
    this.seedTtlMs = options.seedTtlMs ?? 5 * 60_000;
  }

  async get(tenant: EndUserTenant, endUser: string): Promise<EndUserLimits | undefined> {
    const customer = await this.customerLimits(endUser);
    if (!customer) return undefined;
    const owner = endUserOwner(endUser, tenant);
    const scope = scopeIdOf(owner);
    const limited = { maxBudget: customer.maxBudget ?? null, softBudget: customer.softBudget ?? null, budgetResetAt: customer.budgetResetAt ?? null, rpmLimit: customer.rpmLimit ?? null, tpmLimit: customer.tpmLimit ?? null, maxParallelRequests: customer.maxParallelRequests ?? null };
    const rate = rateScope(owner, { ...limited, spend: '0' });
    const budget = limited.maxBudget === null ? undefined : budgetLine(owner, { ...limited, spend: await this.tenantSpend(endUser, tenant, scope, budgetPeriodStart(customer.budgetResetAt, customer.budgetDuration)) });
    const region = customer.allowedModelRegion;
    const defaultModel = customer.defaultModel;
    if (!rate && !budget && !region && !defaultModel) return undefined;
    return { ...(rate ? { rate } : {}), ...(budget ? { budget } : {}), ...(region ? { allowedModelRegion: region } : {}), ...(defaultModel ? { defaultModel } : {}) };
  }

  /** A customer or budget changed: read them again (spend seeds stay, the shared counters are ahead of them). */
  clear(): void {
    this.customers.clear();
  }

  private async customerLimits(endUser: string): Promise<CustomerLimits | undefined> {
    const cached = this.customers.peek(endUser);
    if (cached?.fresh) return cached.value ?? undefined;
    const limits = await this.options.loadCustomerLimits(endUser);
    this.customers.set(endUser, limits ?? null, this.ttlMs);
    return limits;
  }

  /** Seeds are per budget period: a reset starts a new counter, which must not be seeded with the last period's spend. */
  private async tenantSpend(endUser: string, tenant: EndUserTenant, scope: string, since: Date | undefined): Promise<string> {
    const id = `${scope}@${since ? since.getTime() : 'all'}`;
    const cached = this.spends.peek(id);
    if (cached?.fresh) return cached.value;
    const spend = await this.options.loadTenantSpend(endUser, tenant, since);
    this.spends.set(id, spend, this.seedTtlMs);
    return spend;
  }
}
