import type { Logger } from 'pino';
import type { CacheSettings } from '@switchboard/config';
import type { GatewayMetrics } from '@switchboard/data-plane';
import { createLimitsRedis, REDIS_COMMAND_BACKSTOP_MS, waitForRedis } from '@switchboard/limits';
import { CacheInvalidationBus, LocalCacheStore, RedisCacheStore, ResponseCache, type CacheEvents, type CacheStore, type SemanticIndex } from '@switchboard/response-cache';

export interface ResponseCacheParts {
  settings: CacheSettings;
  logger: Logger;
  metrics?: GatewayMetrics;
  /** Redis for the deployment (REDIS_URL, router_settings): carries invalidations between replicas' local stores. */
  sharedRedisUrl?: string;
  /** The semantic type's index (pgvector through the data lib); required for `pgvector-semantic`. */
  semanticIndex?: SemanticIndex;
  closers: (() => Promise<void> | void)[];
}

/** Counts every lookup's result and failure; logs failures at most every ten seconds (Redis away floods otherwise). */
function cacheEvents(logger: Logger, metrics: GatewayMetrics | undefined): CacheEvents {
  let lastWarning = 0;
  return {
    result: (result) => metrics?.cacheRequests.labels(result).inc(),
    failure(operation, error) {
      metrics?.cacheFailures.labels(operation).inc();
      if (Date.now() - lastWarning > 10_000) {
        lastWarning = Date.now();
        logger.warn({ err: error, operation }, 'response cache unavailable: requests go on without it');
      }
    },
  };
}

/**
 * The response cache `litellm_settings.cache` asks for: its store (in process, or Redis shared by every
 * replica; the semantic type's pgvector index), and, for in-process stores with a Redis around, the channel
 * on which `/cache/delete` and `/cache/flushall` reach the other replicas.
 */
export async function createResponseCache(parts: ResponseCacheParts): Promise<ResponseCache> {
  const { settings, logger, closers } = parts;
  const events = cacheEvents(logger, parts.metrics);
  if (settings.type === 'pgvector-semantic') {
    if (!parts.semanticIndex) throw new Error('litellm_settings.cache_params.type pgvector-semantic needs the database (DATABASE_URL or the embedded default)');
    return new ResponseCache(settings, undefined, parts.semanticIndex, events);
  }
  let store: CacheStore;
  let bus: CacheInvalidationBus | undefined;
  if (settings.type === 'redis') {
    // The lookup's deadline is the cache's own (settleByDeadline in ResponseCache.lookup: an answer read after a
    // stall of this process still counts); the client's timeout is only the backstop, never below the lookup's.
    const client = createLimitsRedis(settings.redisUrl!, { commandTimeoutMs: Math.max(REDIS_COMMAND_BACKSTOP_MS, settings.lookupTimeoutMs) });
    if (!(await waitForRedis(client))) logger.warn('the response cache\'s Redis is not reachable yet: every lookup is a miss until it is');
    store = new RedisCacheStore(client);
  } else {
    const local = new LocalCacheStore(settings.maxEntries, settings.maxBytes);
    store = local;
    const url = settings.redisUrl ?? parts.sharedRedisUrl;
    if (url) {
      bus = new CacheInvalidationBus(
        createLimitsRedis(url, { commandTimeoutMs: 2_000 }),
        createLimitsRedis(url, { commandTimeoutMs: 2_000 }),
        (message) => void (message.kind === 'flush' ? local.flush() : local.delete(message.keys)),
        (error) => events.failure('store', error),
      );
      closers.push(() => bus?.close());
    }
  }
  closers.push(() => store.close());
  return new ResponseCache(settings, store, undefined, events, bus);
}
