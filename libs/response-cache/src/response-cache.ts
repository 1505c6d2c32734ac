import type { CacheCallType, CacheSettings } from '@switchboard/config';
import type { Principal } from '@switchboard/contracts';
import { settleByDeadline } from '@switchboard/service-kit';
import type { CachedAnswer } from './cached-answer.ts';
import type { CacheInvalidationBus } from './cache-invalidation-bus.ts';
import { cacheKeyOf } from './cache-key.ts';
import { readCacheControls, type CacheControls } from './cache-controls.ts';
import { cacheScopeOf } from './cache-scope.ts';
import type { CacheStore } from './cache-store.ts';
import { promptTextOf } from './prompt-text.ts';
import type { SemanticIndex } from './semantic-index.ts';

/** A lookup that got no answer within the lookup timeout (a counted `timeout`, answered as a miss). */
const TIMED_OUT = Symbol('timed out');

/** What a lookup came to, as `switchboard_cache_requests_total{result}` counts it. */
export type CacheResult = 'hit' | 'semantic_hit' | 'miss' | 'bypass' | 'error' | 'timeout';

export interface CacheEvents {
  result(result: CacheResult): void;
  /** A store or lookup failed (Redis away, the database slow): logged by the caller, never thrown. */
  failure(operation: 'lookup' | 'store' | 'embed', error: unknown): void;
}

/** The gateway routes whose answers can be cached, by the call type `supported_call_types` names. */
const CALL_TYPES: Record<string, CacheCallType> = {
  '/chat/completions': 'completion',
  '/completions': 'text_completion',
  '/embeddings': 'embedding',
  '/responses': 'responses',
  '/messages': 'anthropic_messages',
};

/** A request the cache applies to: its key, its controls, and where a semantic lookup found its embedding. */
export interface CachePlan {
  key: string;
  callType: CacheCallType;
  controls: CacheControls;
  scope: string;
  namespace: string;
  modelGroup: string;
  /** Whether to look for an answer (not when `no-cache`). */
  lookup: boolean;
  /** Whether a fresh answer may be stored (not when `no-store`, or a ttl of 0). */
  store: boolean;
  ttlSeconds: number;
  promptText: string;
  embedding?: number[];
}

export interface CacheHit {
  answer: CachedAnswer;
  /** Set on a semantic hit: the cosine similarity of the prompts. */
  similarity?: number;
}

/**
 * The response cache: which requests it applies to, their keys, lookups bounded by a timeout (a slow or
 * failed lookup is a miss, counted), stores off the request path, and deletes and flushes that reach every
 * replica. Exact stores (`local`, `redis`) answer by key; the semantic one by the prompt's embedding.
 */
export class ResponseCache {
  constructor(
    readonly settings: CacheSettings,
    private readonly store: CacheStore | undefined,
    private readonly semantic: SemanticIndex | undefined,
    private readonly events: CacheEvents,
    private readonly bus?: CacheInvalidationBus,
  ) {}

  get isSemantic(): boolean {
    return this.semantic !== undefined;
  }

  /**
   * The plan for one request, or undefined when the cache does not apply (a route or call type it does not
   * cache, `default_off` without `use-cache`, a streamed Responses call). Reads the request's controls:
   * throws a 400 HttpError for a malformed one, cache or no cache.
   */
  plan(request: { route: string; modelGroup: string; body: Record<string, unknown>; cache: unknown; principal: Principal | undefined; cacheControl: string | undefined; stream: boolean }): CachePlan | undefined {
    const controls = readCacheControls(request.cache, request.cacheControl);
    const callType = CALL_TYPES[request.route];
    const applies = callType !== undefined && this.settings.callTypes.has(callType) && (this.settings.mode === 'default_on' || controls.useCache) && !(callType === 'responses' && request.stream);
    if (!applies) {
      this.events.result('bypass');
      return undefined;
    }
    const scope = cacheScopeOf(request.principal, this.settings.scope);
    const namespace = controls.namespace ?? this.settings.namespace ?? '';
    const ttlSeconds = controls.ttlSeconds ?? this.settings.ttlSeconds;
    return {
      key: cacheKeyOf({ callType, modelGroup: request.modelGroup, body: request.body, scope, ...(namespace ? { namespace } : {}) }),
      callType,
      controls,
      scope,
      namespace,
      modelGroup: request.modelGroup,
      lookup: !controls.noCache,
      store: !controls.noStore && ttlSeconds > 0,
      ttlSeconds,
      promptText: this.semantic ? promptTextOf(request.body) : '',
    };
  }

  /**
   * The stored answer for the plan, if any, within the lookup timeout. A semantic lookup embeds the prompt
   * first (`embed`: the gateway's own accounted sub-call); the embedding is kept on the plan for the store.
   */
  async lookup(plan: CachePlan, embed?: (text: string) => Promise<number[]>): Promise<CacheHit | undefined> {
    if (!plan.lookup) {
      this.events.result('bypass');
      return undefined;
    }
    if (this.semantic && !(await this.embedPrompt(plan, embed))) {
      this.events.result('error');
      return undefined;
    }
    // Only the store's round trip is bounded here: the embedding is an upstream call with its own timeout.
    // The in-process store answers at once: no timer for it. An answer that arrived while this process stalled
    // past the deadline still counts (settleByDeadline): a false miss would send the call upstream, billed.
    const search = this.search(plan);
    let found: CacheHit | undefined | typeof TIMED_OUT;
    try {
      found = this.store?.type === 'local' ? await search : await settleByDeadline(search, this.settings.lookupTimeoutMs, () => TIMED_OUT);
    } catch (error) {
      this.events.failure('lookup', error);
      this.events.result('error');
      return undefined;
    }
    if (found === TIMED_OUT) {
      search.catch((error: unknown) => this.events.failure('lookup', error));
      this.events.result('timeout');
      return undefined;
    }
    const maxAge = plan.controls.maxAgeSeconds;
    if (!found || (maxAge !== undefined && Date.now() - found.answer.storedAt > maxAge * 1000)) {
      this.events.result('miss');
      return undefined;
    }
    this.events.result(found.similarity !== undefined ? 'semantic_hit' : 'hit');
    return found;
  }

  /** Keeps a successful answer, off the request path: a failure is counted and logged, never seen by the client. */
  save(plan: CachePlan, answer: CachedAnswer): void {
    if (!plan.store) return;
    const stored = this.semantic
      ? plan.embedding
        ? this.semantic.store({ scope: plan.scope, modelGroup: plan.modelGroup, namespace: plan.namespace, cacheKey: plan.key, embedding: plan.embedding, answer, ttlSeconds: plan.ttlSeconds })
        : Promise.resolve()
      : this.store?.set(plan.key, answer, plan.ttlSeconds);
    stored?.catch((error: unknown) => this.events.failure('store', error));
  }

  /** `/cache/delete`: these keys, from this replica's store and (through the bus) every other's. */
  async delete(keys: readonly string[]): Promise<number> {
    const removed = (await this.store?.delete(keys)) ?? 0;
    const semantic = (await this.semantic?.delete(keys)) ?? 0;
    if (this.bus && this.store?.type === 'local') await this.bus.publish({ kind: 'delete', keys: [...keys] });
    return removed + semantic;
  }

  /** `/cache/flushall`: every entry of ours, on every replica. */
  async flush(): Promise<number> {
    const removed = (await this.store?.flush()) ?? 0;
    const semantic = (await this.semantic?.flush()) ?? 0;
    if (this.bus && this.store?.type === 'local') await this.bus.publish({ kind: 'flush' });
    return removed + semantic;
  }

  /** `/cache/ping`: a live round trip to the store. */
  async ping(): Promise<void> {
    await this.store?.ping();
    await this.semantic?.ping();
  }

  /** Embeds the prompt onto the plan (for the lookup and the later store); false when that failed. */
  private async embedPrompt(plan: CachePlan, embed: ((text: string) => Promise<number[]>) | undefined): Promise<boolean> {
    if (!embed || plan.promptText === '') return false;
    try {
      plan.embedding = await embed(plan.promptText);
      return true;
    } catch (error) {
      this.events.failure('embed', error);
      return false;
    }
  }

  private async search(plan: CachePlan): Promise<CacheHit | undefined> {
    if (!this.semantic) return this.store ? this.store.get(plan.key).then((answer) => (answer ? { answer } : undefined)) : undefined;
    if (!plan.embedding) return undefined;
    const threshold = this.settings.semantic?.similarityThreshold ?? 1;
    const found = await this.semantic.search({ scope: plan.scope, modelGroup: plan.modelGroup, namespace: plan.namespace, embedding: plan.embedding, threshold });
    if (!found) return undefined;
    // The entry that answered is the key the client may delete.
    plan.key = found.cacheKey;
    return { answer: found.answer, similarity: found.similarity };
  }
}
