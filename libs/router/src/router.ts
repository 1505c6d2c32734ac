import type { Deployment, RouterSettings, TeamModelOwner } from '@switchboard/config';
import { ProviderError, type CallSignal } from '@switchboard/providers';
import { DeploymentState } from './deployment-state.ts';
import { pickDeployment, type Candidate } from './pick-deployment.ts';
import { withinTags } from './tag-filter.ts';
import { WildcardRoutes, type KnowsModel } from './wildcard-routes.ts';

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

/** What a route has done so far, counted as it goes (so a caller can tell it after a failure too). */
export interface RouteProgress {
  /** Calls made, a simulated first attempt included, across groups. */
  attempts: number;
  /** Fallback groups tried. */
  fallbacks: number;
  /** The deployment of the latest call. */
  deployment: Deployment | undefined;
}

export interface RouteOptions {
  signal: CallSignal;
  /** Where the route counts its attempts (a fresh count when absent). */
  progress?: RouteProgress;
  /** Tokens this call will likely use, for tpm limits and usage-based routing. */
  estimatedTokens?: number;
  /** Only deployments this allows may serve the call (an end user's region), in every group tried; `why` words a refusal. */
  only?: { allows: (deployment: Deployment) => boolean; why: string };
  /**
   * LiteLLM's `mock_testing_*` flags: the requested group fails with this error before any deployment is called
   * (no cooldown, no failure counted), so the fallbacks it would trigger run for real.
   */
  simulateFailure?: ProviderError;
  /**
   * LiteLLM's `mock_testing_rate_limit_error`: the requested group's first attempt fails with this error before any
   * deployment is called (no cooldown, no failure counted); it counts as an attempt, so the retries run for real.
   */
  failFirstAttempt?: ProviderError;
  /**
   * The request's own fallback groups (the body's `fallbacks`, resolved): they replace the configured `fallbacks`
   * and `default_fallbacks` for this call; context-window and content-policy lists still answer their errors.
   */
  fallbacks?: readonly string[];
  /** The body's `disable_fallbacks`: no fallback of any kind. */
  noFallbacks?: boolean;
  /** The body's `num_retries`: how many more calls a failure allows, instead of the deployment's or the router's. */
  numRetries?: number;
  /** The request's tags (its own, its key's, its team's): with tag filtering on, they choose among each group's deployments. */
  tags?: readonly string[];
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
  /** Which provider a bare model name under a multi-provider wildcard (`"*"`) belongs to: the price table's. */
  knowsModel?: KnowsModel;
}

/** A model a wildcard serves, resolved once: its deployments (upstream model filled in) and access groups. */
interface ServedModel {
  deployments: Deployment[];
  candidates: Candidate[];
  accessGroups: readonly string[];
}

const NO_GROUPS: readonly string[] = Object.freeze([]);
/** Wildcards serve any name a client sends: resolved names are kept, up to this many. */
const MAX_SERVED_MODELS = 2_048;

function accessGroupsOfList(deployments: readonly Deployment[]): readonly string[] {
  const names = new Set<string>();
  for (const deployment of deployments) for (const name of deployment.accessGroups ?? []) names.add(name);
  return names.size === 0 ? NO_GROUPS : Object.freeze([...names]);
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
 * (a failure allows the failed deployment's `num_retries` more calls, else the router's `numRetries`), falls back to other groups when the group is
 * exhausted by an error that allows it, and cools a deployment down after `allowedFails` failures.
 */
export class Router {
  private groups = new Map<string, Deployment[]>();
  /** Each group's deployments with their state, built once per deployment list (the routing hot path reads it). */
  private candidateLists = new Map<string, Candidate[]>();
  private groupAccess = new Map<string, readonly string[]>();
  private accessGroupMembers: ReadonlyMap<string, readonly string[]> = new Map();
  /** Team models (`Deployment.team`): team id → public name → internal group; the groups only a team's keys reach. */
  private teamGroups: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map();
  private teamOwners: ReadonlyMap<string, TeamModelOwner> = new Map();
  private wildcards = new WildcardRoutes([]);
  private served = new Map<string, ServedModel>();
  private readonly states = new Map<string, DeploymentState>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: CallSignal) => Promise<void>;

  constructor(
    private settings: RouterSettings,
    deployments: Deployment[],
    private readonly deps: RouterDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? abortableSleep;
    this.setDeployments(deployments);
  }

  /** Replaces the settings (the config file's with `/config/update`'s over them); deployments and their state stay. */
  updateSettings(settings: RouterSettings): void {
    this.settings = settings;
    // Names served through an alias may now mean another group.
    this.served = new Map();
  }

  /** The settings routing runs on now. */
  currentSettings(): RouterSettings {
    return this.settings;
  }

  /** Replaces the deployment list (config plus DB models); state of deployments that stay is kept. */
  setDeployments(deployments: Deployment[]): void {
    const groups = new Map<string, Deployment[]>();
    const wildcards: Deployment[] = [];
    const members = new Map<string, string[]>();
    const teamGroups = new Map<string, Map<string, string>>();
    const teamOwners = new Map<string, TeamModelOwner>();
    for (const deployment of deployments) {
      if (deployment.team) {
        const names = teamGroups.get(deployment.team.id) ?? new Map<string, string>();
        names.set(deployment.team.publicName, deployment.modelGroup);
        teamGroups.set(deployment.team.id, names);
        teamOwners.set(deployment.modelGroup, deployment.team);
      }
      // A wildcard's own name is never a model to call: it serves the names it matches (resolveGroup).
      if (deployment.modelGroup.includes('*')) wildcards.push(deployment);
      else groups.set(deployment.modelGroup, [...(groups.get(deployment.modelGroup) ?? []), deployment]);
      if (!this.states.has(deployment.id)) this.states.set(deployment.id, new DeploymentState(this.now));
      for (const name of deployment.accessGroups ?? []) {
        const list = members.get(name) ?? [];
        if (!list.includes(deployment.modelGroup)) list.push(deployment.modelGroup);
        members.set(name, list);
      }
    }
    this.groups = groups;
    this.teamGroups = teamGroups;
    this.teamOwners = teamOwners;
    const candidateLists = new Map<string, Candidate[]>();
    const groupAccess = new Map<string, readonly string[]>();
    for (const [group, list] of groups) {
      candidateLists.set(group, this.candidatesOf(list));
      groupAccess.set(group, accessGroupsOfList(list));
    }
    this.candidateLists = candidateLists;
    this.groupAccess = groupAccess;
    this.accessGroupMembers = members;
    this.wildcards = new WildcardRoutes(wildcards, this.deps.knowsModel);
    this.served = new Map();
  }

  private candidatesOf(list: readonly Deployment[]): Candidate[] {
    return list.map((deployment) => ({ deployment, state: this.states.get(deployment.id) as DeploymentState }));
  }

  /**
   * The group a client-sent model name means (aliases resolved), or undefined. A name a wildcard deployment
   * serves is its own group (`anthropic/claude-3-5-haiku`), so model lists and prices apply to that name.
   */
  resolveGroup(model: string): string | undefined {
    if (this.groups.has(model)) return this.teamOwners.size !== 0 && this.teamOwners.has(model) ? undefined : model;
    const alias = this.settings.modelGroupAlias[model];
    if (alias !== undefined && this.groups.has(alias)) return alias;
    const name = alias ?? model;
    return this.servedModel(name) ? name : undefined;
  }

  private servedModel(name: string): ServedModel | undefined {
    const known = this.served.get(name);
    if (known || this.wildcards.size === 0) return known;
    const deployments = this.wildcards.match(name);
    if (!deployments) return undefined;
    if (this.served.size >= MAX_SERVED_MODELS) this.served.delete(this.served.keys().next().value as string);
    const model: ServedModel = { deployments, candidates: this.candidatesOf(deployments), accessGroups: accessGroupsOfList(deployments) };
    this.served.set(name, model);
    return model;
  }

  /**
   * The group of a team's own model its keys call by `name`, or undefined (then the name means what it means to
   * everyone: resolveGroup). A team's model shadows a global one of the same name for that team only.
   */
  teamGroupOf(teamId: string, name: string): string | undefined {
    return this.teamGroups.size === 0 ? undefined : this.teamGroups.get(teamId)?.get(name);
  }

  /** Whose model a group is, for a team's own model (the only team whose keys may call it); undefined for every other group. */
  teamOwnerOf(group: string): TeamModelOwner | undefined {
    return this.teamOwners.size === 0 ? undefined : this.teamOwners.get(group);
  }

  /** A team's own models: public name → group. */
  teamModels(teamId: string): ReadonlyMap<string, string> {
    return this.teamGroups.get(teamId) ?? new Map();
  }

  /** Model groups and wildcard names (`*`, `anthropic/*`) as configured; teams' own models are not among them (teamModels). */
  groupNames(): string[] {
    return [...[...this.groups.keys()].filter((group) => !this.teamOwners.has(group)), ...this.wildcards.names()];
  }

  /** A group's deployments; for a wildcard's name its deployments as configured, for a name it serves the resolved ones. */
  deploymentsOf(group: string): readonly Deployment[] {
    return this.groups.get(group) ?? this.served.get(group)?.deployments ?? this.wildcards.deploymentsOf(group);
  }

  /** The access groups (`model_info.access_groups`) that hold a resolved model group; a shared empty list when none. */
  accessGroupsOf(group: string): readonly string[] {
    return this.groupAccess.get(group) ?? this.servedModel(group)?.accessGroups ?? NO_GROUPS;
  }

  /** Access group → the model groups (and wildcard names) whose deployments name it. */
  accessGroups(): ReadonlyMap<string, readonly string[]> {
    return this.accessGroupMembers;
  }

  /** How many extra calls a failure on this deployment allows (its `num_retries`, else the router's): LiteLLM's `x-litellm-max-retries`. */
  maxRetriesOf(deployment: Deployment): number {
    return deployment.numRetries ?? this.settings.numRetries;
  }

  stateOf(deploymentId: string): DeploymentState | undefined {
    return this.states.get(deploymentId);
  }

  /**
   * Calls `model`'s group (retries within it), then its fallbacks as a failure allows. Not an async function:
   * when no failure of the group could fall back, the group's own promise is the route's, with no wait of the
   * route's around it (a call's path waits on as few promises as it can, see the README's #19 sessions).
   */
  route<T>(model: string, call: (deployment: Deployment, ctx: AttemptContext) => Promise<T>, options: RouteOptions): Promise<RouteOutcome<T>> {
    // A team's group comes resolved (teamGroupOf): by name it is nobody's.
    const group = this.teamOwners.size !== 0 && this.teamOwners.has(model) ? model : this.resolveGroup(model);
    if (group === undefined) return Promise.reject(new ProviderError('not_found', 404, `Model "${model}" does not exist or is not available`, { code: 'model_not_found', param: 'model' }));
    const counter: RouteProgress = options.progress ?? { attempts: 0, fallbacks: 0, deployment: undefined };
    if (!options.simulateFailure && !this.mayFallBack(group, options)) return this.tryGroup(group, call, options, counter, options.failFirstAttempt);
    return this.routeWithFallbacks(group, call, options, counter);
  }

  /** Whether some failure of `group` could fall back: one of the lists fallbacksFor picks from is not empty. */
  private mayFallBack(group: string, options: Pick<RouteOptions, 'fallbacks' | 'noFallbacks'>): boolean {
    if (options.noFallbacks) return false;
    if (options.fallbacks && options.fallbacks.length > 0) return true;
    return Object.values(this.fallbackListsOf(group)).some((list) => list !== undefined && list.length > 0);
  }

  /** Every fallback list a failure of `group` may read (fallbacksFor picks one by the failure's kind; mayFallBack asks them all). */
  private fallbackListsOf(group: string): { contextWindow?: string[]; contentPolicy?: string[]; named?: string[]; byDefault: string[] } {
    const s = this.settings;
    return { contextWindow: s.contextWindowFallbacks[group], contentPolicy: s.contentPolicyFallbacks[group], named: s.fallbacks[group], byDefault: s.defaultFallbacks };
  }

  private async routeWithFallbacks<T>(group: string, call: (deployment: Deployment, ctx: AttemptContext) => Promise<T>, options: RouteOptions, counter: RouteProgress): Promise<RouteOutcome<T>> {
    let lastError: ProviderError;
    try {
      if (options.simulateFailure) throw options.simulateFailure;
      return await this.tryGroup(group, call, options, counter, options.failFirstAttempt);
    } catch (err) {
      lastError = asProviderError(err);
      if (!lastError.allowsFallback || options.noFallbacks) throw lastError;
    }
    for (const fallback of this.fallbacksFor(group, lastError, options.fallbacks)) {
      if (options.signal.aborted) break;
      counter.fallbacks++;
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

  /**
   * The groups a failure of this kind in `group` falls back to, in order (what a simulated failure will try).
   * `requested`: the request's own list, which stands for the configured `fallbacks` and `default_fallbacks`.
   */
  fallbacksFor(group: string, error: ProviderError, requested?: readonly string[]): string[] {
    const lists = this.fallbackListsOf(group);
    const specific = error.kind === 'context_window_exceeded' ? lists.contextWindow : error.kind === 'content_policy' ? lists.contentPolicy : undefined;
    const list = specific ?? requested ?? lists.named ?? (error.isRetryable ? lists.byDefault : []);
    return list.map((name) => this.resolveGroup(name)).filter((name): name is string => name !== undefined && name !== group);
  }

  /** A group's deployments with their state: a named group's, or the ones a wildcard serves the name with. */
  private listedOf(group: string): Candidate[] {
    return this.candidateLists.get(group) ?? this.servedModel(group)?.candidates ?? [];
  }

  private candidates(group: string, tried: Set<string>, estimatedTokens: number, only?: RouteOptions['only'], tags?: readonly string[]): { list: Candidate[]; blocked?: ProviderError } {
    const listed = this.listedOf(group);
    const inRegion = only ? listed.filter((c) => only.allows(c.deployment)) : listed;
    if (inRegion.length === 0 && listed.length > 0) return { list: [], blocked: new ProviderError('bad_request', 400, `No deployment of model "${group}" may serve this call: ${only?.why}`, { code: 'no_deployment_in_region', param: 'model' }) };
    const all = this.settings.tagFiltering ? withinTags(inRegion, tags) : inRegion;
    if (all === undefined) return { list: [], blocked: new ProviderError('bad_request', 400, `No deployment of model "${group}" is tagged for this request's tags (${(tags ?? []).join(', ')}), and none is tagged "default"`, { code: 'no_deployment_for_tags', param: 'tags' }) };
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

  private async tryGroup<T>(group: string, call: (deployment: Deployment, ctx: AttemptContext) => Promise<T>, options: RouteOptions, counter: RouteProgress, failFirst?: ProviderError): Promise<RouteOutcome<T>> {
    const tried = new Set<string>();
    const estimated = options.estimatedTokens ?? 0;
    let lastError: ProviderError | undefined;
    let firstCall = 0;
    if (failFirst) {
      // A simulated first attempt: counted, then retried as its error allows (the group's most generous retry count).
      counter.attempts++;
      lastError = failFirst;
      const allowed = options.numRetries ?? Math.max(0, ...this.listedOf(group).map((c) => this.maxRetriesOf(c.deployment)));
      if (!failFirst.isRetryable || allowed < 1) throw failFirst;
      firstCall = 1;
    }
    // Each failure allows as many more calls as its deployment's num_retries says (the router's when unset).
    for (let callIndex = firstCall; ; callIndex++) {
      if (options.signal.aborted) throw new ProviderError('aborted', 499, 'client closed the request');
      const { list, blocked } = this.candidates(group, tried, estimated, options.only, options.tags);
      if (blocked) throw lastError && callIndex > 0 ? lastError : blocked;
      if (callIndex > 0) {
        const backoff = Math.min(MAX_BACKOFF_MS, this.settings.retryBackoffMs * 2 ** (callIndex - 1)) * (0.5 + this.random());
        // A failure here is a ProviderError like every other of this function's: route() hands its rejection on as it is.
        await this.sleep(backoff, options.signal).catch((err: unknown) => {
          throw asProviderError(err);
        });
      }
      const { deployment, state } = pickDeployment(this.settings.routingStrategy, list, this.random, this.deps.costOf);
      tried.add(deployment.id);
      counter.attempts++;
      counter.deployment = deployment;
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
        if (callIndex >= (options.numRetries ?? this.maxRetriesOf(deployment))) throw error;
      }
    }
  }
}
