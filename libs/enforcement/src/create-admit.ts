import type { Request } from 'express';
import { budgetExceededMessage, ownerOfScopeId, refusalCode, refuse, type Admission, type Admit, type AdmitCall, type BudgetLine } from '@switchboard/contracts';
import type { EndUserTenant } from '@switchboard/db';
import type { AcquireRequest, LimitDecision, LimitHeaders, Limiter } from '@switchboard/limits';
import { regionOf } from '@switchboard/config';
import { NANO_PER_USD, type PriceBook, type PricedDeployment } from '@switchboard/pricing';
import { countPromptTokens } from '@switchboard/providers';
import type { Router } from '@switchboard/router';
import { HttpError, pathOfUrl } from '@switchboard/service-kit';
import { authorizeCall } from './authorize.ts';
import type { EndUserLimits } from './end-user-limits.ts';
import type { TagLimits } from './tag-limits.ts';
import { endUserTenantOf } from './end-user-tenant.ts';

export interface AdmitOptions {
  limiter: Limiter;
  priceBook: PriceBook;
  router: Router;
  /** The limits of an end user (`user` field) in the caller's tenant, when a customer sets any (EndUserLimitCache). */
  endUserLimits?: (tenant: EndUserTenant, endUserId: string) => Promise<EndUserLimits | undefined>;
  /** The limits of the managed tags among a call's tags (TagLimitCache); undefined when none limits anything. */
  tagLimits?: (tags: readonly string[]) => TagLimits | Promise<TagLimits> | undefined;
  /** Completion tokens assumed for the reservation when the request sets no max_tokens. */
  defaultMaxCompletionTokens?: number;
  /** How long a slot or reservation outlives a replica that died holding it. */
  leaseMs?: number;
  /** After a settlement: each budget's spend as the limiter now sees it (remaining-budget gauges, soft budgets). */
  onBudgetSettled?: (line: BudgetLine, spentNano: number) => void;
  /** Which budgets `onBudgetSettled` wants (each costs a read of the shared counter); all when absent. */
  observesBudget?: (line: BudgetLine) => boolean;
}

/** Whether a deployment can be priced the way the call is (tokens, speech characters, audio seconds). */
function pricedFor(priceBook: PriceBook, deployment: PricedDeployment, pricedBy: AdmitCall['pricedBy']): boolean {
  if (pricedBy === 'speech') return priceBook.isSpeechPriced(deployment);
  if (pricedBy === 'transcription') return priceBook.isTranscriptionPriced(deployment);
  if (pricedBy === 'image') return priceBook.isImagePriced(deployment);
  return priceBook.isPriced(deployment);
}

/**
 * LiteLLM's end-user `default_model`: when the named group has no deployment in the end user's allowed region,
 * the call goes to the default model group instead (when the router knows it). Otherwise the named group stays,
 * and the router's region filter answers that no deployment may serve it.
 */
function regionalModelGroup(router: Router, modelGroup: string | undefined, region: string | undefined, defaultModel: string | undefined): string | undefined {
  if (modelGroup === undefined || !region || !defaultModel) return modelGroup;
  if (router.deploymentsOf(modelGroup).some((deployment) => regionOf(deployment) === region)) return modelGroup;
  return router.resolveGroup(defaultModel) ?? modelGroup;
}

/**
 * The limit stage: the key may use this model and route; then rpm/tpm/parallel limits of key, user,
 * team, end user and managed tags are counted and the worst-case cost is reserved against every budget, all at once. The real cost
 * settles the reservation when the call ends, whatever way it ends.
 */
export function createAdmit(options: AdmitOptions): Admit {
  const leaseMs = options.leaseMs ?? 11 * 60_000;
  return function admit(req, call) {
    // A managed tag's limits, when the call carries one (answered at once when no tag it carries limits anything).
    const tagged = call.tags !== undefined && options.tagLimits ? options.tagLimits(call.tags) : undefined;
    const endUser = typeof call.body.user === 'string' ? call.body.user : undefined;
    if (endUser === undefined || !options.endUserLimits) return tagged instanceof Promise ? tagged.then((tags) => admitWith(options, leaseMs, req, call, undefined, tags)) : admitWith(options, leaseMs, req, call, undefined, tagged);
    // The `user` names an end user of the caller's tenant: another tenant's traffic never reaches its counters.
    return Promise.all([options.endUserLimits(endUserTenantOf(req.principal), endUser), tagged]).then(([limits, tags]) => admitWith(options, leaseMs, req, call, limits, tags));
  };
}

/**
 * Admission once the end user's limits (if any) are known: authorize, then count and reserve. Only a limiter that
 * asks Redis is waited for: with no rate limit and no budget to count (the master key's calls, a key without
 * limits), the answer is undefined at once, and an admission a lease or the in-process limiter decided is the
 * admission itself, not a promise (see Admit).
 */
function admitWith(options: AdmitOptions, leaseMs: number, req: Request, call: AdmitCall, limits: EndUserLimits | undefined, tags: TagLimits | undefined): Admission | Promise<Admission> | undefined {
  const context = req.keyContext;
  const budgets = [...(context?.budgets ?? [])];
  let rate = context?.rateScopes ?? [];
  if (limits?.budget) budgets.push(limits.budget);
  if (limits?.rate) rate = [...rate, limits.rate];
  if (tags) {
    budgets.push(...tags.budgets);
    if (tags.rates.length > 0) rate = [...rate, ...tags.rates];
  }
  const region = limits?.allowedModelRegion;
  const modelGroup = regionalModelGroup(options.router, call.modelGroup, region, limits?.defaultModel);
  if (context) {
    // The group the call really goes to is the one authorized (a default_model is no way around a key's models).
    authorizeCall(context, modelGroup, pathOfUrl(req.url), modelGroup === undefined ? undefined : options.router.accessGroupsOf(modelGroup), modelGroup === undefined ? undefined : options.router.teamOwnerOf(modelGroup));
    // Groups the call may also reach (its own fallbacks, those of a simulated failure) must be allowed too.
    for (const group of call.alsoAuthorize ?? []) authorizeFallback(context, group, pathOfUrl(req.url), options.router.accessGroupsOf(group), options.router.teamOwnerOf(group));
  }
  // Where the call must go: the end user's region, and the group that serves it there if not the one named.
  const placement: Pick<Admission, 'region' | 'modelGroup'> = { ...(region ? { region } : {}), ...(modelGroup !== call.modelGroup && modelGroup !== undefined ? { modelGroup } : {}) };
  if (call.cachedAnswer === 'free') rate = [];
  if (rate.length === 0 && budgets.length === 0) return placement.region || placement.modelGroup ? { headers: {}, ...placement, settle: () => undefined } : undefined;

  // Counting the prompt costs a tokenizer pass: only tpm limits and budget reservations need it. Passthrough
  // (no model group) reserves nothing: its tokens and cost are known only from the answer.
  const needsTokens = modelGroup !== undefined && call.cachedAnswer === undefined && (budgets.length > 0 || rate.some((scope) => scope.tpm !== undefined));
  const promptTokens = needsTokens ? countPromptTokens(call.operation, call.body) : 0;
  const maxTokens = call.body.max_completion_tokens ?? call.body.max_tokens;
  const completionTokens = modelGroup === undefined || call.cachedAnswer !== undefined ? 0 : typeof maxTokens === 'number' ? maxTokens : (options.defaultMaxCompletionTokens ?? 1_024);
  let estimatedCostNano = 0;
  if (budgets.length > 0 && modelGroup !== undefined && call.cachedAnswer === undefined) {
    for (const deployment of options.router.deploymentsOf(modelGroup)) {
      if (!pricedFor(options.priceBook, deployment, call.pricedBy)) {
        throw new HttpError(400, `Model "${modelGroup}" has no known price, so a budgeted key cannot use it (set model_info prices or litellm_settings.default_price_per_token)`, { code: 'model_not_priced', param: 'model' });
      }
      estimatedCostNano = Math.max(estimatedCostNano, options.priceBook.estimate(deployment, promptTokens, completionTokens).nanoUsd);
    }
  }
  return reserve(options, budgets, placement, {
    requestId: req.requestId,
    rate,
    budgets: budgets.map((b) => ({ id: b.scopeId, maxNano: b.maxNano, spentNano: b.spentNano })),
    estimatedTokens: promptTokens + completionTokens,
    estimatedCostNano,
    leaseMs,
  });
}

/** authorizeCall for a group the call may fall back to: a refusal names the fallback, not the requested model. */
function authorizeFallback(...args: Parameters<typeof authorizeCall>): void {
  try {
    authorizeCall(...args);
  } catch (error) {
    if (error instanceof HttpError && error.code === refusalCode('model_not_allowed')) throw refuse('model_not_allowed', `${error.message}, which this request may fall back to`, { param: 'fallbacks' });
    throw error;
  }
}

/**
 * Counts and reserves in the limiter; refuses (429) when a limit or budget is spent. The admission itself when the
 * limiter decided at once (a lease covered the call, or the in-process limiter), else a promise of it: a refusal is
 * thrown either way as it comes (at once, or as the rejection).
 */
function reserve(options: AdmitOptions, budgets: readonly BudgetLine[], placement: Pick<Admission, 'region' | 'modelGroup'>, request: AcquireRequest): Admission | Promise<Admission> {
  const decided = options.limiter.acquire(request);
  return decided instanceof Promise ? decided.then((decision) => admissionOf(options, budgets, placement, decision, request)) : admissionOf(options, budgets, placement, decided, request);
}

/** The admission of a limiter's decision (see reserve); a spent budget's refusal is a rejected promise (its message reads the spend). */
function admissionOf(options: AdmitOptions, budgets: readonly BudgetLine[], placement: Pick<Admission, 'region' | 'modelGroup'>, decision: LimitDecision, request: AcquireRequest): Admission | Promise<never> {
  if (!decision.allowed) {
    const limits = { retryAfter: decision.retryAfterSeconds, headers: decision.headers };
    if (decision.kind === 'budget') return refuseSpentBudget(options, budgets.find((line) => line.scopeId === decision.scopeId), decision.scopeId, limits);
    const reached = `Rate limit reached for ${ownerOfScopeId(decision.scopeId)?.entity ?? decision.scopeId}`;
    // A request larger than a whole minute's tokens never fits: no Retry-After, which would tell the client that
    // waiting helps (SDKs wait as long as it says, up to a minute, and then fail again).
    const tpm = request.rate.find((scope) => scope.id === decision.scopeId)?.tpm;
    if (tpm !== undefined && request.estimatedTokens > tpm) {
      throw refuse('rate_limited', `${reached}: this request's estimated ${request.estimatedTokens} tokens exceed its tpm limit of ${tpm}, so it cannot be served within it`, { headers: decision.headers });
    }
    throw refuse('rate_limited', `${reached}: ${decision.reason}`, limits);
  }
  return {
    headers: decision.headers,
    ...placement,
    // The lease's own answer when no budget is observed (nothing, when it released at once): no promise per call.
    settle: (record) => {
      const released = decision.lease.release({ tokens: record.usage?.totalTokens ?? 0, costNano: record.costNanoUsd });
      const observed = options.onBudgetSettled ? budgets.filter((line) => options.observesBudget?.(line) ?? true) : [];
      return observed.length === 0 ? released : Promise.resolve(released).then(() => reportBudgets(options, observed));
    },
  };
}

/**
 * A spent budget's refusal, in LiteLLM's words (budgetExceededMessage): the spend is the limiter's settled figure, read
 * only now that a call is refused (a round trip to Redis off the admitted calls' path), else what the database had.
 */
async function refuseSpentBudget(options: AdmitOptions, line: BudgetLine | undefined, scopeId: string, limits: { retryAfter: number; headers: LimitHeaders }): Promise<never> {
  const spentNano = await options.limiter.spentNano(scopeId).catch(() => line?.spentNano ?? 0);
  throw refuse('budget_exceeded', budgetExceededMessage(line?.owner ?? ownerOfScopeId(scopeId), spentNano / NANO_PER_USD, (line?.maxNano ?? 0) / NANO_PER_USD), limits);
}

/** After a settlement: each observed budget's spend as the limiter now sees it. */
async function reportBudgets(options: AdmitOptions, observed: readonly BudgetLine[]): Promise<void> {
  for (const line of observed) options.onBudgetSettled?.(line, await options.limiter.spentNano(line.scopeId));
}
