import type { Deployment, RouterSettings } from '@switchboard/config';
import { ProviderError, type CallSignal } from '@switchboard/providers';
import { DeploymentState } from './deployment-state.ts';
import { pickDeployment, type Candidate } from './pick-deployment.ts';

export interface AttemptContext {
  deployment: Deployment;
  modelGroup: string;
  /** 1 for the first call of this request, counting across groups. */
  attempt: number;
}

export interface RouteOutcome<T> {
  result: T;
  deployment: Deployment;
  modelGroup: string;
  attempts: number;
  /** The requested group when a fallback group answered. */
  fallbackFrom?: string;
  /** Call once the response (or stream) is over: frees the in-flight slot and counts the tokens. */
  finish(totalTokens?: number): void;
}

export interface RouteOptions {
  signal: CallSignal;
  /** Tokens this call will likely use, for tpm limits and usage-based routing. */
  estimatedTokens?: number;
}

export interface RouterEvents {
  attempt?(event: { deployment: Deployment; modelGroup: string; ok: boolean; latencyMs: number; error?: ProviderError }): void;
  cooldown?(deployment: Deployment): void;
  fallback?(from: string, to: string): void;
}

export interface RouterDeps {
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal: CallSignal) => Promise<void>;
  costOf?: (deployment: Deployment) => number;
  events?: RouterEvents;
}

const MAX_BACKOFF_MS = 2_000;

function abortableSleep(ms: number, signal: CallSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ProviderError('aborted', 499, 'client closed the request'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderError('aborted', 499, 'client closed the request'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function asProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  return new ProviderError('upstream_error', 502, 'upstream call failed');
}

/**
 * Model groups with several deployments: picks one by the routing strategy, retries within the group
 * (never more than `numRetries` extra calls per group), falls back to other groups when the group is
 * exhausted by an error that allows it, and cools a deployment down after `allowedFails` failures.
 */
export class Router {
  private groups = new Map<string, Deployment[]>();
  /** Each group's deployments with their state, built once per deployment list (the routing hot path reads it). */
  private candidateLists = new Map<string, Candidate[]>();
  private readonly states = new Map<string, DeploymentState>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: CallSignal) => Promise<void>;

  constructor(
    private readonly settings: RouterSettings,
    deployments: Deployment[],
    private readonly deps: RouterDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? abortableSleep;
    this.setDeployments(deployments);
  }

  /** Replaces the deployment list (config plus DB models); state of deployments that stay is kept. */
  setDeployments(deployments: Deployment[]): void {
    const groups = new Map<string, Deployment[]>();
    for (const deployment of deployments) {
      groups.set(deployment.modelGroup, [...(groups.get(deployment.modelGroup) ?? []), deployment]);
      if (!this.states.has(deployment.id)) this.states.set(deployment.id, new DeploymentState(this.now));
    }
    this.groups = groups;
    const candidateLists = new Map<string, Candidate[]>();
    for (const [group, list] of groups) candidateLists.set(group, list.map((deployment) => ({ deployment, state: this.states.get(deployment.id) as DeploymentState })));
    this.candidateLists = candidateLists;
  }

  /** The group a client-sent model name means (aliases resolved), or undefined. */
  resolveGroup(model: string): string | undefined {
    if (this.groups.has(model)) return model;
    const alias = this.settings.modelGroupAlias[model];
    return alias !== undefined && this.groups.has(alias) ? alias : undefined;
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  deploymentsOf(group: string): readonly Deployment[] {
    return this.groups.get(group) ?? [];
  }

  stateOf(deploymentId: string): DeploymentState | undefined {
    return this.states.get(deploymentId);
  }

  async route<T>(model: string, call: (deployment: Deployment, ctx: AttemptContext) => Promise<T>, options: RouteOptions): Promise<RouteOutcome<T>> {
    const group = this.resolveGroup(model);
    if (group === undefined) throw new ProviderError('not_found', 404, `Model "${model}" does not exist or is not available`, { code: 'model_not_found', param: 'model' });
    const counter = { attempts: 0 };
    let lastError: ProviderError;
    try {
      return await this.tryGroup(group, call, options, counter);
    } catch (err) {
      lastError = asProviderError(err);
      if (!lastError.allowsFallback) throw lastError;
    }
    for (const fallback of this.fallbacksFor(group, lastError)) {
      if (options.signal.aborted) break;
      this.deps.events?.fallback?.(group, fallback);
      try {
        const outcome = await this.tryGroup(fallback, call, options, counter);
        return { ...outcome, fallbackFrom: group };
      } catch (err) {
        lastError = asProviderError(err);
        if (!lastError.allowsFallback) throw lastError;
      }
    }
    throw lastError;
  }

  private fallbacksFor(group: string, error: ProviderError): string[] {
    const s = this.settings;
    const specific = error.kind === 'context_window_exceeded' ? s.contextWindowFallbacks[group] : error.kind === 'content_policy' ? s.contentPolicyFallbacks[group] : undefined;
    const list = specific ?? s.fallbacks[group] ?? (error.isRetryable ? s.defaultFallbacks : []);
    return list.map((name) => this.resolveGroup(name)).filter((name): name is string => name !== undefined && name !== group);
  }

  private candidates(group: string, tried: Set<string>, estimatedTokens: number): { list: Candidate[]; blocked?: ProviderError } {
    const all = this.candidateLists.get(group) ?? [];
    // The lists are filtered only when something is filtered out: the common request allocates none.
    const healthy = all.some((c) => c.state.isCoolingDown()) ? all.filter((c) => !c.state.isCoolingDown()) : all;
    if (healthy.length === 0) {
      const wait = Math.min(...all.map((c) => c.state.cooldownUntil)) - this.now();
      return { list: [], blocked: new ProviderError('upstream_unavailable', 503, `No healthy deployment for model "${group}": all are cooling down after failures`, { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) }) };
    }
    const within = (c: Candidate) => (c.deployment.rpm === undefined || c.state.requestsThisMinute() < c.deployment.rpm) && (c.deployment.tpm === undefined || c.state.tokensThisMinute() + estimatedTokens <= c.deployment.tpm);
    const withinLimits = healthy.every(within) ? healthy : healthy.filter(within);
    if (withinLimits.length === 0) {
      const wait = Math.min(...healthy.map((c) => c.state.msUntilWindowEnds()));
      return { list: [], blocked: new ProviderError('rate_limit', 429, `Model "${group}" is at its deployments' rpm/tpm limits`, { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) }) };
    }
    const untried = tried.size === 0 ? withinLimits : withinLimits.filter((c) => !tried.has(c.deployment.id));
    return { list: untried.length > 0 ? untried : withinLimits };
  }

  private async tryGroup<T>(group: string, call: (deployment: Deployment, ctx: AttemptContext) => Promise<T>, options: RouteOptions, counter: { attempts: number }): Promise<RouteOutcome<T>> {
    const maxCalls = 1 + this.settings.numRetries;
    const tried = new Set<string>();
    const estimated = options.estimatedTokens ?? 0;
    let lastError: ProviderError | undefined;
    for (let callIndex = 0; callIndex < maxCalls; callIndex++) {
      if (options.signal.aborted) throw new ProviderError('aborted', 499, 'client closed the request');
      const { list, blocked } = this.candidates(group, tried, estimated);
      if (blocked) throw lastError && callIndex > 0 ? lastError : blocked;
      if (callIndex > 0) {
        const backoff = Math.min(MAX_BACKOFF_MS, this.settings.retryBackoffMs * 2 ** (callIndex - 1)) * (0.5 + this.random());
        await this.sleep(backoff, options.signal);
      }
      const { deployment, state } = pickDeployment(this.settings.routingStrategy, list, this.random, this.deps.costOf);
      tried.add(deployment.id);
      counter.attempts++;
      state.inFlight++;
      state.countRequest();
      if (estimated > 0) state.countTokens(estimated);
      const started = this.now();
      try {
        const result = await call(deployment, { deployment, modelGroup: group, attempt: counter.attempts });
        const latencyMs = this.now() - started;
        state.recordSuccess(latencyMs);
        this.deps.events?.attempt?.({ deployment, modelGroup: group, ok: true, latencyMs });
        let finished = false;
        return {
          result,
          deployment,
          modelGroup: group,
          attempts: counter.attempts,
          finish: (totalTokens) => {
            if (finished) return;
            finished = true;
            state.inFlight--;
            if (totalTokens !== undefined && totalTokens > estimated) state.countTokens(totalTokens - estimated);
          },
        };
      } catch (err) {
        state.inFlight--;
        const error = asProviderError(err);
        this.deps.events?.attempt?.({ deployment, modelGroup: group, ok: false, latencyMs: this.now() - started, error });
        if (error.kind === 'aborted') throw error;
        if (error.isRetryable || error.kind === 'authentication' || error.kind === 'permission') {
          if (state.recordFailure(this.settings.allowedFails, this.settings.cooldownMs, error.kind === 'rate_limit' || error.kind === 'authentication')) this.deps.events?.cooldown?.(deployment);
        }
        if (!error.isRetryable) throw error;
        lastError = error;
      }
    }
    throw lastError ?? new ProviderError('upstream_error', 502, 'upstream call failed');
  }
}
