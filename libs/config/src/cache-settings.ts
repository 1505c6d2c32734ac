import { z } from 'zod';
import { ConfigError } from './config-error.ts';

/** The call types a cache entry can belong to: LiteLLM's names (sync and async spellings), plus ours for `/v1/messages`. */
export type CacheCallType = 'completion' | 'text_completion' | 'embedding' | 'responses' | 'anthropic_messages';

/** `litellm_settings.cache_params`, as the gateway runs it. */
export interface CacheSettings {
  type: 'local' | 'redis' | 'pgvector-semantic';
  /** Seconds an entry lives (LiteLLM's `ttl`); a request's `cache.ttl` / `s-maxage` may change it. */
  ttlSeconds: number;
  /** Prefix of every key (LiteLLM's `namespace`): `<namespace>:<hash>`. */
  namespace?: string;
  /** `default_off`: only requests that ask (`cache: {"use-cache": true}`) use the cache. */
  mode: 'default_on' | 'default_off';
  callTypes: ReadonlySet<CacheCallType>;
  /** Whose answers a request may receive: its team's (a key without a team is its own), its key's, or anyone's. */
  scope: 'team' | 'key' | 'global';
  /** Whether a hit counts against rpm/tpm/parallel limits (it never charges a budget). */
  countHitsInLimits: boolean;
  /** Bounds of the in-process store (`local`). */
  maxEntries: number;
  maxBytes: number;
  /** How long a lookup may take before it counts as a miss (Redis, the semantic search). */
  lookupTimeoutMs: number;
  /** Redis of the `redis` type: `cache_params` host/port/password/url, else REDIS_URL / REDIS_HOST, else router_settings'. */
  redisUrl?: string;
  /** `pgvector-semantic`: the model group whose embeddings compare prompts, and the cosine similarity that is a hit. */
  semantic?: { embeddingModel: string; similarityThreshold: number; dimensions: number };
}

/** Types LiteLLM has that are not offered here: the cache starts off, loudly. */
const LITELLM_ONLY_TYPES = ['redis-semantic', 'qdrant-semantic', 's3', 'disk', 'gcs', 'azure-blob'];
const SUPPORTED_TYPES = ['local', 'redis', 'pgvector-semantic'] as const;

/** LiteLLM's call type names (and ours) → what the gateway caches; the ones it does not cache are only warned about. */
const CALL_TYPE_NAMES: Record<string, CacheCallType | undefined> = {
  completion: 'completion',
  acompletion: 'completion',
  text_completion: 'text_completion',
  atext_completion: 'text_completion',
  embedding: 'embedding',
  aembedding: 'embedding',
  responses: 'responses',
  aresponses: 'responses',
  anthropic_messages: 'anthropic_messages',
  transcription: undefined,
  atranscription: undefined,
  rerank: undefined,
  arerank: undefined,
  speech: undefined,
  aspeech: undefined,
};
const DEFAULT_CALL_TYPES: readonly CacheCallType[] = ['completion', 'text_completion', 'embedding', 'responses', 'anthropic_messages'];

// At most a year, as a request's own ttl (Redis refuses expiries past its range).
const seconds = z.number().positive().max(365 * 24 * 3600);
const cacheParamsSchema = z
  .object({
    type: z.string().nullish(),
    ttl: seconds.nullish(),
    default_in_memory_ttl: seconds.nullish(),
    namespace: z.string().min(1).nullish(),
    mode: z.enum(['default_on', 'default_off']).nullish(),
    supported_call_types: z.array(z.string()).nullish(),
    similarity_threshold: z.number().min(0).max(1).nullish(),
    semantic_cache_embedding_model: z.string().min(1).nullish(),
    redis_semantic_cache_embedding_model: z.string().min(1).nullish(),
    semantic_cache_embedding_dimensions: z.number().int().min(1).max(16_000).nullish(),
    scope: z.enum(['team', 'key', 'global']).nullish(),
    count_hits_in_limits: z.boolean().nullish(),
    max_entries: z.number().int().positive().nullish(),
    max_size_in_memory: z.number().int().positive().nullish(),
    max_bytes: z.number().int().positive().nullish(),
    lookup_timeout_ms: z.number().int().positive().nullish(),
    host: z.string().nullish(),
    port: z.union([z.number().int(), z.string()]).nullish(),
    password: z.string().nullish(),
    url: z.string().nullish(),
    redis_url: z.string().nullish(),
  })
  .passthrough();

/** Keys of `cache_params` that hold a credential: never shown (`/cache/ping`), never logged. */
export const SECRET_CACHE_PARAMS = new Set(['password', 'url', 'redis_url']);

function redisUrlOf(params: z.infer<typeof cacheParamsSchema>, env: Readonly<Record<string, string | undefined>>, routerRedisUrl: string | undefined): string | undefined {
  const url = params.url ?? params.redis_url;
  if (url) return url;
  if (params.host) return `redis://${params.password ? `:${encodeURIComponent(params.password)}@` : ''}${params.host}:${params.port ?? 6379}`;
  if (env.REDIS_URL) return env.REDIS_URL;
  if (env.REDIS_HOST) return `redis://${env.REDIS_PASSWORD ? `:${encodeURIComponent(env.REDIS_PASSWORD)}@` : ''}${env.REDIS_HOST}:${env.REDIS_PORT ?? 6379}`;
  return routerRedisUrl;
}

/**
 * `litellm_settings.cache` + `cache_params` → the cache the gateway runs, or undefined when it is off. A type
 * LiteLLM has and we do not leaves the cache off with a warning; a type nobody knows, a semantic cache without
 * its embedding model, or a Redis cache with no Redis to reach stop the start (ConfigError).
 */
export function parseCacheSettings(enabled: boolean | undefined, rawParams: unknown, env: Readonly<Record<string, string | undefined>>, routerRedisUrl: string | undefined, warnings: string[]): CacheSettings | undefined {
  if (!enabled) {
    if (rawParams !== undefined && rawParams !== null) warnings.push('litellm_settings.cache_params is set but litellm_settings.cache is not true: the response cache is off');
    return undefined;
  }
  const parsed = cacheParamsSchema.safeParse(rawParams ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`litellm_settings.cache_params${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  const params = parsed.data;
  // LiteLLM's default type is redis when `cache: true` names none; here the default is the in-process store,
  // which needs nothing else to run (a Redis one is one line away).
  const type = params.type ?? 'local';
  if (LITELLM_ONLY_TYPES.includes(type)) {
    warnings.push(`litellm_settings.cache_params.type "${type}" is not supported here: THE RESPONSE CACHE IS OFF. Supported types: ${SUPPORTED_TYPES.join(', ')}`);
    return undefined;
  }
  if (!(SUPPORTED_TYPES as readonly string[]).includes(type)) {
    throw new ConfigError(`litellm_settings.cache_params.type: "${type}" is not a cache type (supported: ${SUPPORTED_TYPES.join(', ')})`);
  }
  const callTypes = new Set<CacheCallType>();
  for (const name of params.supported_call_types ?? DEFAULT_CALL_TYPES) {
    if (!(name in CALL_TYPE_NAMES)) throw new ConfigError(`litellm_settings.cache_params.supported_call_types: "${name}" is not a call type (e.g. acompletion, aembedding, atext_completion, aresponses, anthropic_messages)`);
    const callType = CALL_TYPE_NAMES[name];
    if (callType) callTypes.add(callType);
    else warnings.push(`litellm_settings.cache_params.supported_call_types: "${name}" answers are not cached here`);
  }
  const settings: CacheSettings = {
    type: type as CacheSettings['type'],
    ttlSeconds: params.ttl ?? params.default_in_memory_ttl ?? 600,
    ...(params.namespace ? { namespace: params.namespace } : {}),
    mode: params.mode ?? 'default_on',
    callTypes,
    scope: params.scope ?? 'team',
    countHitsInLimits: params.count_hits_in_limits ?? true,
    // LiteLLM keeps 200; a thousand answers is a useful cache at a small collector cost (README, Benchmarks).
    maxEntries: params.max_entries ?? params.max_size_in_memory ?? 1_000,
    maxBytes: params.max_bytes ?? 64 * 1024 * 1024,
    lookupTimeoutMs: params.lookup_timeout_ms ?? (type === 'pgvector-semantic' ? 300 : 50),
  };
  if (type === 'redis') {
    const redisUrl = redisUrlOf(params, env, routerRedisUrl);
    if (!redisUrl) throw new ConfigError('litellm_settings.cache_params: type redis needs a Redis (cache_params host/port/password or url, REDIS_URL / REDIS_HOST, or router_settings.redis_host)');
    settings.redisUrl = redisUrl;
  }
  if (type === 'pgvector-semantic') {
    const embeddingModel = params.semantic_cache_embedding_model ?? params.redis_semantic_cache_embedding_model;
    if (!embeddingModel) throw new ConfigError('litellm_settings.cache_params.semantic_cache_embedding_model is required for type pgvector-semantic (the model group that embeds prompts)');
    // The vector column's size is fixed when the table is made: text-embedding-3-small's 1536 unless set.
    settings.semantic = { embeddingModel, similarityThreshold: params.similarity_threshold ?? 0.8, dimensions: params.semantic_cache_embedding_dimensions ?? 1536 };
    // Deployment-wide Redis still carries invalidations between replicas when there is one.
    const redisUrl = redisUrlOf(params, env, routerRedisUrl);
    if (redisUrl) settings.redisUrl = redisUrl;
  }
  return settings;
}

/** `cache_params` as `/cache/ping` shows it: every credential-bearing field left out. */
export function publicCacheParams(settings: CacheSettings): Record<string, unknown> {
  return {
    type: settings.type,
    ttl: settings.ttlSeconds,
    namespace: settings.namespace ?? null,
    mode: settings.mode,
    supported_call_types: [...settings.callTypes],
    scope: settings.scope,
    count_hits_in_limits: settings.countHitsInLimits,
    ...(settings.type === 'local' ? { max_entries: settings.maxEntries, max_bytes: settings.maxBytes } : {}),
    ...(settings.semantic ? { semantic_cache_embedding_model: settings.semantic.embeddingModel, similarity_threshold: settings.semantic.similarityThreshold, semantic_cache_embedding_dimensions: settings.semantic.dimensions } : {}),
  };
}
