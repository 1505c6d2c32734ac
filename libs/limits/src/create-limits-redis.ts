import { Redis, type RedisOptions } from 'ioredis';

/**
 * The client's own command timeout: a backstop for a connection that hangs, not a request's deadline. A request
 * path that waits on Redis sets its own with settleByDeadline (`@switchboard/service-kit`), whose verdict comes
 * after the socket was read: ioredis's timer fires before it, so after a stall of this process an answer that
 * already arrived would count as a timeout (the limiter admitted what Redis had refused; the cache missed a hit).
 */
export const REDIS_COMMAND_BACKSTOP_MS = 1_000;

/**
 * A Redis client that never hangs a request: no offline queue (a command while disconnected fails at
 * once), one try per command, a backstop command timeout, and reconnects in the background.
 */
export function createLimitsRedis(url: string, options: { commandTimeoutMs?: number; connectTimeoutMs?: number } = {}): Redis {
  const redisOptions: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? REDIS_COMMAND_BACKSTOP_MS,
    connectTimeout: options.connectTimeoutMs ?? 1_000,
    lazyConnect: false,
    // No auto-pipelining: the limiter already sends one command per event loop turn for all of its
    // requests (see RedisLimiter), and a pipeline around each single command only cost CPU.
    enableAutoPipelining: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  const client = new Redis(url, redisOptions);
  // Connection errors are reported through the limiter's fallback path; an unhandled 'error' would crash.
  client.on('error', () => undefined);
  return client;
}

/** REDIS_URL, or REDIS_HOST / REDIS_PORT / REDIS_PASSWORD; undefined when Redis is not configured. */
export function redisUrlFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.REDIS_URL) return env.REDIS_URL;
  if (!env.REDIS_HOST) return undefined;
  const password = env.REDIS_PASSWORD ? `:${encodeURIComponent(env.REDIS_PASSWORD)}@` : '';
  return `redis://${password}${env.REDIS_HOST}:${env.REDIS_PORT ?? '6379'}`;
}

/**
 * Waits until the client is connected, or gives up after `timeoutMs` (the limiter then starts on its
 * in-process fallback and switches to Redis once it connects). Resolves whether it is ready.
 */
export function waitForRedis(client: Redis, timeoutMs = 2_000): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.once('ready', onReady);
  });
}
